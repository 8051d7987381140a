using System.Collections.Concurrent;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Godex.EndToEnd.Tests.CodeAssist;

/// <summary>What the fake Code Assist server was sent: path with query, headers, and the JSON body.</summary>
public sealed record CodeAssistCall(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, JsonNode? Body);

/// <summary>
/// A Code Assist server (`/v1internal`) on 127.0.0.1, as Gemini CLI and Antigravity reach it: it checks
/// the bearer token, answers loadCodeAssist / onboardUser / the operation poll for discovery, and answers
/// generateContent and streamGenerateContent?alt=sse wrapped in `{response, traceId}`.
/// </summary>
public sealed class FakeCodeAssist : IAsyncDisposable
{
    public const string Project = "proj-discovered-123";

    private readonly WebApplication _app;

    private FakeCodeAssist(WebApplication app) => _app = app;

    public ConcurrentQueue<CodeAssistCall> Calls { get; } = new();

    public string Host { get; private set; } = "";

    /// <summary>The only access token accepted; others get Google's 401.</summary>
    public string AcceptedToken { get; set; } = "ya29.current";

    /// <summary>When set, every request is answered with this status (a failing host).</summary>
    public int? FailWith { get; set; }

    /// <summary>When set, generations are refused as a spent Code Assist quota, in its real shape, resetting after this long.</summary>
    public TimeSpan? QuotaResetsAfter { get; set; }

    /// <summary>How long loadCodeAssist takes, so concurrent requests overlap one discovery.</summary>
    public TimeSpan DiscoveryDelay { get; set; }

    public int Count(string pathStart) => Calls.Count(call => call.PathAndQuery.StartsWith(pathStart, StringComparison.Ordinal));

    public IEnumerable<CodeAssistCall> Generations => Calls.Where(call => call.PathAndQuery.Contains("enerateContent", StringComparison.Ordinal));

    public static async Task<FakeCodeAssist> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeCodeAssist(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Host = app.Urls.First().TrimEnd('/');
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var headers = http.Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
        var call = new CodeAssistCall(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, text.Length == 0 ? null : JsonNode.Parse(text));
        Calls.Enqueue(call);
        if (FailWith is { } status)
        {
            await JsonAsync(http, status, $$$"""{"error":{"code":{{{status}}},"message":"host is failing","status":"UNAVAILABLE"}}""");
            return;
        }

        if (headers.GetValueOrDefault("authorization") != "Bearer " + AcceptedToken)
        {
            await JsonAsync(http, 401, """{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""");
            return;
        }

        if (QuotaResetsAfter is { } reset && call.PathAndQuery.Contains("enerateContent", StringComparison.Ordinal))
        {
            var seconds = reset.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            await JsonAsync(http, 429, $$$"""
                {"error":{"code":429,"message":"You have exhausted your capacity on this model. Your quota will reset after {{{reset:h\hm\ms\s}}}.","status":"RESOURCE_EXHAUSTED",
                 "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"QUOTA_EXHAUSTED","domain":"cloudcode-pa.googleapis.com","metadata":{"model":"{{{call.Body?["model"]}}}","quotaResetDelay":"{{{seconds}}}s","uiMessage":"true"}},
                            {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"{{{seconds}}}s"}]}}
                """);
            return;
        }

        switch (call.PathAndQuery)
        {
            case "/v1internal:loadCodeAssist":
                await Task.Delay(DiscoveryDelay);
                await JsonAsync(http, 200, """{"allowedTiers":[{"id":"free-tier","name":"Gemini Code Assist for individuals","isDefault":true},{"id":"standard-tier"}]}""");
                break;
            case "/v1internal:onboardUser":
                await JsonAsync(http, 200, """{"name":"operations/onboard-1","done":false}""");
                break;
            case "/v1internal/operations/onboard-1":
                await JsonAsync(http, 200, """{"name":"operations/onboard-1","done":true,"response":{"@type":"type.googleapis.com/google.internal.cloud.code.v1internal.OnboardUserResponse","cloudaicompanionProject":{"id":"$project","name":"Discovered"}}}""".Replace("$project", Project, StringComparison.Ordinal));
                break;
            case "/v1internal:countTokens":
                await JsonAsync(http, 200, """{"totalTokens":42}""");
                break;
            case "/v1internal:generateContent":
                await JsonAsync(http, 200, $$$"""{"response":{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello from Code Assist"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":4,"totalTokenCount":9},"modelVersion":"{{{call.Body?["model"]}}}"},"traceId":"trace-1"}""");
                break;
            case "/v1internal:streamGenerateContent?alt=sse":
                http.Response.ContentType = "text/event-stream";
                foreach (var chunk in new[]
                {
                    """{"response":{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]}}],"modelVersion":"gemini-2.5-pro"},"traceId":"trace-2"}""",
                    """{"response":{"candidates":[{"content":{"role":"model","parts":[{"text":" from Code Assist"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":4,"totalTokenCount":9},"modelVersion":"gemini-2.5-pro"},"traceId":"trace-2"}""",
                })
                {
                    await http.Response.WriteAsync("data: " + chunk + "\r\n\r\n");
                    await http.Response.Body.FlushAsync();
                }

                break;
            default:
                await JsonAsync(http, 404, """{"error":{"code":404,"message":"not found","status":"NOT_FOUND"}}""");
                break;
        }
    }

    private static async Task JsonAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    }
}
