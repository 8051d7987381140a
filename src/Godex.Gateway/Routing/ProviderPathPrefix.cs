using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Routing;

/// <summary>
/// `/{provider}/v1/...` and `/{provider}/v1beta/...`: the path names the provider. The prefix is taken
/// off before routing, so every front door serves it, and the provider is kept for the pipeline.
/// </summary>
public sealed class ProviderPathPrefix(RequestDelegate next, LiveRouting live)
{
    public const string ItemKey = "godex.provider";

    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var second = path.Length > 1 ? path.IndexOf('/', 1) : -1;
        if (second > 1)
        {
            var name = path[1..second];
            var rest = path[second..];
            if (live.Current.Config.Providers.ContainsKey(name) && (rest.StartsWith("/v1/", StringComparison.Ordinal) || rest.StartsWith("/v1beta/", StringComparison.Ordinal)))
            {
                http.Items[ItemKey] = name;
                http.Request.PathBase = http.Request.PathBase.Add(path[..second]);
                http.Request.Path = rest;
            }
        }

        return next(http);
    }
}
