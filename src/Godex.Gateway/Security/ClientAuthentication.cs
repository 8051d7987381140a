using System.Net;

using Godex.Gateway.Pipeline;
using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Security;

/// <summary>The authenticate step: decides whether a caller may use a route, and who it is.</summary>
public sealed class ClientAuthentication(ClientKeys keys)
{
    /// <summary>Null when the caller may go on (its key id and state owner noted on the context), else the 401.</summary>
    public GodexError? Authenticate(HttpContext http, GatewayContext context)
    {
        if (keys.AllowAnyKey)
        {
            context.CallerKeyId = "any";
            return null;
        }

        if (keys.LoopbackOnly)
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is not null && IPAddress.IsLoopback(remote))
            {
                context.CallerKeyId = "loopback";
                return null;
            }

            return new GodexError(401, "auth.no_keys_configured",
                "This gateway has no client keys configured, so it only accepts requests from this machine. Configure 'keys' (or --api-key / GODEX_PROXY_API_KEY), or start it with --allow-any-key.");
        }

        var presented = ClientKeys.Presented(http.Request);
        if (presented is null)
        {
            return new GodexError(401, "auth.missing_key",
                "No API key provided. Send it as 'Authorization: Bearer <key>', 'x-api-key', 'x-goog-api-key' or '?key='.");
        }

        var index = keys.Match(presented);
        if (index < 0)
        {
            return new GodexError(401, "auth.invalid_key", "Incorrect API key provided.");
        }

        context.CallerKeyId = $"key-{index}";
        context.StateOwner = keys.Owner(index);
        context.Limits = keys.Limits(index);
        return null;
    }
}
