using System.Collections.Concurrent;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Godex.EndToEnd.Tests.CodeAssist;

/// <summary>
/// Google's token endpoint (https://oauth2.googleapis.com/token) on 127.0.0.1: takes the refresh as a
/// form, answers a new access token without a new refresh token (as Google does), or `invalid_grant`.
/// </summary>
public sealed class FakeGoogleToken : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _refreshes;

    private FakeGoogleToken(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public int Refreshes => _refreshes;

    /// <summary>Each form received.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Forms { get; } = new();

    /// <summary>The access token handed out.</summary>
    public string NextToken { get; set; } = "ya29.current";

    public bool RefuseGrant { get; set; }

    public TimeSpan Delay { get; set; }

    public static async Task<FakeGoogleToken> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeGoogleToken(app);
        app.MapPost("/token", fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Urls.First().TrimEnd('/') + "/token";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _refreshes);
        var form = await http.Request.ReadFormAsync();
        Forms.Enqueue(form.ToDictionary(field => field.Key, field => field.Value.ToString()));
        await Task.Delay(Delay);
        http.Response.ContentType = "application/json";
        if (RefuseGrant)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync("""{"error":"invalid_grant","error_description":"Token has been expired or revoked."}""");
            return;
        }

        await http.Response.WriteAsync($$"""{"access_token":"{{NextToken}}","expires_in":3599,"scope":"https://www.googleapis.com/auth/cloud-platform","token_type":"Bearer"}""");
    }
}
