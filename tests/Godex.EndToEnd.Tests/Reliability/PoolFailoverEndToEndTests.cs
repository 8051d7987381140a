using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// A provider with a pool of two keys in front of one scripted upstream that fails for the first key:
/// every client protocol, stream and not, gets the second member's answer as if nothing failed.
/// </summary>
public sealed class PoolFailoverEndToEndTests : IAsyncLifetime
{
    private const string Answer = "Paris is the capital.";
    private UpstreamGateway _gateway = null!;
    private string _firstKeyFails = "500";

    public static TheoryData<string, string, bool> Clients => new()
    {
        { "/v1/chat/completions", """{"model":"pooled-chat","messages":[{"role":"user","content":"Capital of France?"}]}""", false },
        { "/v1/chat/completions", """{"model":"pooled-chat","stream":true,"messages":[{"role":"user","content":"Capital of France?"}]}""", true },
        { "/v1/messages", """{"model":"pooled-chat","max_tokens":64,"messages":[{"role":"user","content":"Capital of France?"}]}""", false },
        { "/v1/messages", """{"model":"pooled-chat","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Capital of France?"}]}""", true },
        { "/v1/responses", """{"model":"pooled-chat","input":"Capital of France?","store":false}""", false },
        { "/v1/responses", """{"model":"pooled-chat","input":"Capital of France?","store":false,"stream":true}""", true },
        { "/v1beta/models/pooled-chat:generateContent", """{"contents":[{"role":"user","parts":[{"text":"Capital of France?"}]}]}""", false },
        { "/v1beta/models/pooled-chat:streamGenerateContent?alt=sse", """{"contents":[{"role":"user","parts":[{"text":"Capital of France?"}]}]}""", true },
    };

    public async Task InitializeAsync()
    {
        _gateway = await UpstreamGateway.StartAsync(upstream => $$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              pooled:
                type: openai
                base_url: {{upstream.ChatBaseUrl}}
                pool:
                  - { api_key: sk-first }
                  - { api_key: sk-second }
              mock:
                type: mock
            routing:
              patterns: { pooled: [ "pooled-" ] }
              fallbacks: { "pooled/doomed-*": [ mock/mock ] }
            """);
        _gateway.Upstream.Responder = RespondAsync;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task First_member_failing_before_the_answer_leaves_the_client_with_the_second_members_answer(string path, string body, bool stream)
    {
        var response = await SendAsync(path, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        foreach (var piece in stream ? ["Paris is ", "the capital."] : new[] { Answer })
        {
            Assert.Contains(piece, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("member down", text, StringComparison.Ordinal); // the first member's failure never shows
        Assert.Equal("2", response.Headers.GetValues("x-godex-attempts").Single());
        Assert.Equal("pooled#2", response.Headers.GetValues("x-godex-provider").Single());
        Assert.Equal(["Bearer sk-first", "Bearer sk-second"], _gateway.Upstream.Received.Select(received => received.Headers["authorization"]));
    }

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
    public async Task Every_member_failing_gives_the_client_the_last_error_in_its_own_shape()
    {
        _firstKeyFails = "all";
        var response = await SendAsync("/v1/messages", """{"model":"pooled-chat","max_tokens":64,"messages":[{"role":"user","content":"Capital of France?"}]}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("\"type\":\"error\"", text, StringComparison.Ordinal);
        Assert.Equal("2", response.Headers.GetValues("x-godex-attempts").Single());
        Assert.Equal(2, _gateway.Upstream.Received.Count);
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

    private async Task<HttpResponseMessage> SendAsync(string path, string body)
    {
        var request = Sse.Post(path, body, UpstreamConfig.ClientKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await _gateway.Godex.Http.SendAsync(request);
    }

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

        if (received.Body?["stream"]?.GetValue<bool>() == true)
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync(ScriptedUpstream.Chunks(
                """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Paris is "}}]}""",
                """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"the capital."},"finish_reason":"stop"}]}"""));
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$$"""{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"{{{Answer}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}""");
    }
}
