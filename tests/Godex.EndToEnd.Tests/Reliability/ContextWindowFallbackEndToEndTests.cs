using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// A `routing.fallbacks` target kept for context-window refusals (`on: context_window`), through the
/// real server: the upstream refuses the small model's request as too long in OpenAI's exact shape and
/// every client protocol, stream and not, gets the larger model's answer; any other refusal or failure
/// never reaches that target.
/// </summary>
public sealed class ContextWindowFallbackEndToEndTests : IAsyncLifetime
{
    private UpstreamGateway _gateway = null!;

    public static TheoryData<string, string, bool> Clients => new()
    {
        { "/v1/chat/completions", """{"model":"small-long","messages":[{"role":"user","content":"A very long prompt"}]}""", false },
        { "/v1/chat/completions", """{"model":"small-long","stream":true,"messages":[{"role":"user","content":"A very long prompt"}]}""", true },
        { "/v1/messages", """{"model":"small-long","max_tokens":64,"messages":[{"role":"user","content":"A very long prompt"}]}""", false },
        { "/v1/messages", """{"model":"small-long","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"A very long prompt"}]}""", true },
        { "/v1/responses", """{"model":"small-long","input":"A very long prompt","store":false}""", false },
        { "/v1/responses", """{"model":"small-long","input":"A very long prompt","store":false,"stream":true}""", true },
        { "/v1beta/models/small-long:generateContent", """{"contents":[{"role":"user","parts":[{"text":"A very long prompt"}]}]}""", false },
        { "/v1beta/models/small-long:streamGenerateContent?alt=sse", """{"contents":[{"role":"user","parts":[{"text":"A very long prompt"}]}]}""", true },
    };

    public async Task InitializeAsync()
    {
        _gateway = await UpstreamGateway.StartAsync(static upstream => $$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              small: { type: openai, base_url: "{{upstream.ChatBaseUrl}}", api_key: "${LOCAL_API_KEY}" }
              big: { type: openai, base_url: "{{upstream.ChatBaseUrl}}", api_key: "${LOCAL_API_KEY}" }
            routing:
              patterns: { small: [ "small-" ] }
              fallbacks:
                "small/*": [ { to: big/big-model, on: context_window } ]
            """);
        _gateway.Upstream.Responder = RespondAsync;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_request_too_long_for_the_model_is_answered_by_the_larger_model_kept_for_it(string path, string body, bool stream)
    {
        var response = await SendAsync(path, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        foreach (var piece in stream ? ["A long ", "answer."] : new[] { "A long answer." })
        {
            Assert.Contains(piece, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("maximum context length", text, StringComparison.Ordinal);
        Assert.Equal("big", response.Headers.GetValues("x-godex-provider").Single());
        Assert.Equal("2", response.Headers.GetValues("x-godex-attempts").Single());
        Assert.Equal(["small-long", "big-model"], _gateway.Upstream.Received.Select(received => (string?)received.Body?["model"]));
    }

    [Theory]
    [InlineData("small-bad", 400, "temperature")]
    [InlineData("small-down", 503, "overloaded")]
    public async Task Any_other_refusal_or_failure_never_reaches_the_context_window_target(string model, int status, string message)
    {
        var response = await SendAsync("/v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([model], _gateway.Upstream.Received.Select(received => (string?)received.Body?["model"]));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string body)
    {
        var request = Sse.Post(path, body, UpstreamConfig.ClientKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await _gateway.Godex.Http.SendAsync(request);
    }

    /// <summary>OpenAI's own refusals for the small model (as api.openai.com words them); the big model answers.</summary>
    private static async Task RespondAsync(ReceivedRequest received, HttpContext http)
    {
        http.Response.ContentType = "application/json";
        switch ((string?)received.Body?["model"])
        {
            case "small-long":
                http.Response.StatusCode = 400;
                await http.Response.WriteAsync("""{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""");
                return;
            case "small-bad":
                http.Response.StatusCode = 400;
                await http.Response.WriteAsync("""{"error":{"message":"Invalid value for 'temperature': must be between 0 and 2.","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""");
                return;
            case "small-down":
                http.Response.StatusCode = 503;
                await http.Response.WriteAsync("""{"error":{"message":"The engine is currently overloaded, please try again later.","type":"server_error","param":null,"code":null}}""");
                return;
        }

        if (received.Body?["stream"]?.GetValue<bool>() == true)
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync(ScriptedUpstream.Chunks(
                """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"big-model","choices":[{"index":0,"delta":{"role":"assistant","content":"A long "}}]}""",
                """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"big-model","choices":[{"index":0,"delta":{"content":"answer."},"finish_reason":"stop"}]}"""));
            return;
        }

        await http.Response.WriteAsync("""{"id":"c1","object":"chat.completion","created":1,"model":"big-model","choices":[{"index":0,"message":{"role":"assistant","content":"A long answer."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9000,"completion_tokens":4,"total_tokens":9004}}""");
    }
}
