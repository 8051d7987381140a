using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// A provider with a pool of two keys in front of one scripted upstream that fails for the first key:
/// what /health and /metrics show, and the fallback after the whole pool. Every client protocol's view of
/// each failure is <see cref="FaultSuiteTests"/>'.
/// </summary>
public sealed class PoolFailoverEndToEndTests : IAsyncLifetime
{
    private const string Answer = "Paris is the capital.";
    private UpstreamGateway _gateway = null!;
    private string _firstKeyFails = "500";

    public async Task InitializeAsync()
    {
        _gateway = await UpstreamGateway.StartAsync(upstream => TwoKeyPool.Yaml(upstream, "pooled"));
        _gateway.Upstream.Responder = RespondAsync;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_member_answering_429_with_retry_after_is_skipped_until_then()
    {
        _firstKeyFails = "429";
        var first = await SendAsync("/v1/chat/completions", """{"model":"pooled-chat","messages":[{"role":"user","content":"one"}]}""");
        var second = await SendAsync("/v1/chat/completions", """{"model":"pooled-chat","messages":[{"role":"user","content":"two"}]}""");
        var third = await SendAsync("/v1/chat/completions", """{"model":"pooled-chat","messages":[{"role":"user","content":"three"}]}""");

        Assert.Equal([200, 200, 200], new[] { (int)first.StatusCode, (int)second.StatusCode, (int)third.StatusCode });
        Assert.Equal(["Bearer sk-first", "Bearer sk-second", "Bearer sk-second", "Bearer sk-second"], _gateway.Upstream.Received.Select(received => received.Headers["authorization"]));
        Assert.Equal("1", second.Headers.GetValues("x-godex-attempts").Single());
        var health = System.Text.Json.Nodes.JsonNode.Parse(await _gateway.Godex.Http.GetStringAsync("/health"))!["pools"]![0]!;
        Assert.Equal("pooled", (string?)health["name"]);
        Assert.Equal("cooling_down", (string?)health["members"]![0]!["state"]);
        Assert.Equal("429 provider.http_error", (string?)health["members"]![0]!["last_error"]);
        Assert.Equal("healthy", (string?)health["members"]![1]!["state"]);
    }

    [Fact]
    public async Task When_every_member_fails_the_fallback_answers()
    {
        _firstKeyFails = "all";
        var response = await SendAsync("/v1/chat/completions", """{"model":"pooled/doomed-1","messages":[{"role":"user","content":"Capital of France?"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("x-godex-attempts").Single());
        Assert.Equal("mock", response.Headers.GetValues("x-godex-provider").Single());
        Assert.Equal(2, _gateway.Upstream.Received.Count);
        var metrics = await _gateway.Godex.Http.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("godex_attempts_total{", StringComparison.Ordinal) && line.Contains("member=\"pooled#1\"", StringComparison.Ordinal) && line.Contains("result=\"failed_over\"", StringComparison.Ordinal));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("godex_attempts_total{", StringComparison.Ordinal) && line.Contains("member=\"mock\"", StringComparison.Ordinal) && line.Contains("result=\"answered\"", StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> SendAsync(string path, string body) => _gateway.Godex.Http.SendAsync(Sse.Post(path, body, UpstreamConfig.ClientKey));

    private async Task RespondAsync(ReceivedRequest received, HttpContext http)
    {
        var second = received.Headers["authorization"] == "Bearer sk-second";
        if (!second || _firstKeyFails == "all")
        {
            http.Response.StatusCode = _firstKeyFails == "429" ? 429 : _firstKeyFails == "all" ? 503 : 500;
            if (_firstKeyFails == "429")
            {
                http.Response.Headers.RetryAfter = "60";
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"error":{"message":"member down","type":"server_error"}}""");
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$$"""{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"{{{Answer}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}""");
    }
}
