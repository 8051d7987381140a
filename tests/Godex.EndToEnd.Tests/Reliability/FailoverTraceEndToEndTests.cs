using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Telemetry;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// A request that fails over leaves every attempt on its stored trace, in order, with the member,
/// why it was tried, how it ended and the error of each that failed; /metrics counts the failovers.
/// (Every host in the test process exports the "Godex" meter, so the provider has a name no other test uses.)
/// </summary>
public sealed class FailoverTraceEndToEndTests : IAsyncLifetime
{
    private UpstreamGateway _gateway = null!;
    private bool _everyMemberFails;

    public async Task InitializeAsync()
    {
        _gateway = await UpstreamGateway.StartAsync(upstream => TwoKeyPool.Yaml(upstream, "traced"));
        _gateway.Upstream.Responder = RespondAsync;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_first_members_failure_and_the_second_members_answer_are_both_on_the_trace(bool stream)
    {
        var response = await SendAsync($$"""{"model":"traced-chat","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Capital of France?"}]}""");
        Assert.Contains("Paris", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));

        Assert.Equal(("traced", "traced#2", 200, "ok"), (trace.Provider, trace.Member, trace.Status, trace.Outcome));
        var attempts = trace.Attempts!;
        Assert.Equal(2, attempts.Count);
        var (first, second) = (attempts[0], attempts[1]);
        Assert.Equal(("traced", "traced#1", "traced-chat", "first_choice", TraceAttempt.FailedOver), (first.Provider, first.Member, first.Model, first.Reason, first.Outcome));
        Assert.Equal((500, "provider.http_error"), (first.Status, first.ErrorCode));
        Assert.Contains("member down", first.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(("traced", "traced#2", "traced-chat", "next_member", TraceAttempt.Answered), (second.Provider, second.Member, second.Model, second.Reason, second.Outcome));
        Assert.Null(second.Status);
        Assert.Null(second.ErrorMessage);
        Assert.True(first.StartMs >= 0 && first.DurationMs > 0, $"first attempt at {first.StartMs} ms for {first.DurationMs} ms");
        Assert.True(second.StartMs >= first.StartMs + first.DurationMs, $"second attempt at {second.StartMs} ms, first ended at {first.StartMs + first.DurationMs} ms");
        Assert.True(second.StartMs + second.DurationMs <= trace.LatencyMs, $"second attempt ended at {second.StartMs + second.DurationMs} ms, request took {trace.LatencyMs} ms");

        var metrics = await _gateway.Godex.Http.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("godex_failovers_total{", StringComparison.Ordinal)
            && line.Contains("from_provider=\"traced\"", StringComparison.Ordinal) && line.Contains("to_provider=\"traced\"", StringComparison.Ordinal)
            && line.Contains("status=\"500\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_member_fails_the_last_attempt_holds_the_error_the_client_got()
    {
        _everyMemberFails = true;
        var response = await SendAsync("""{"model":"traced-chat","messages":[{"role":"user","content":"Capital of France?"}]}""");
        Assert.Equal(503, (int)response.StatusCode);

        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));

        Assert.Equal(("traced#2", "error"), (trace.Member, trace.Outcome));
        Assert.Equal([TraceAttempt.FailedOver, TraceAttempt.Failed], trace.Attempts!.Select(attempt => attempt.Outcome));
        Assert.Equal(["traced#1", "traced#2"], trace.Attempts!.Select(attempt => attempt.Member));
        Assert.All(trace.Attempts!, attempt => Assert.Equal((503, "provider.http_error"), (attempt.Status, attempt.ErrorCode)));
        Assert.All(trace.Attempts!, attempt => Assert.Contains("member down", attempt.ErrorMessage, StringComparison.Ordinal));
        var metrics = await _gateway.Godex.Http.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("godex_attempts_total{", StringComparison.Ordinal) && line.Contains("member=\"traced#2\"", StringComparison.Ordinal) && line.Contains("result=\"failed\"", StringComparison.Ordinal));
        Assert.DoesNotContain(metrics.Split('\n'), line => line.StartsWith("godex_attempts_total{", StringComparison.Ordinal) && line.Contains("provider=\"traced\"", StringComparison.Ordinal) && line.Contains("result=\"answered\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fallback_after_the_pool_is_traced_as_a_fallback_to_another_provider()
    {
        _everyMemberFails = true;
        var response = await SendAsync("""{"model":"traced/doomed-1","messages":[{"role":"user","content":"Capital of France?"}]}""");
        Assert.Equal(200, (int)response.StatusCode);

        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));

        Assert.Equal(("mock", "mock", "mock"), (trace.Provider, trace.Member, trace.ResolvedModel)); // a provider without a pool is its one member
        Assert.Equal(
            [("traced#1", "doomed-1", "first_choice", TraceAttempt.FailedOver), ("traced#2", "doomed-1", "next_member", TraceAttempt.FailedOver), ("mock", "mock", "fallback", TraceAttempt.Answered)],
            trace.Attempts!.Select(attempt => (attempt.Member, attempt.Model, attempt.Reason, attempt.Outcome)));
        var metrics = await _gateway.Godex.Http.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("godex_failovers_total{", StringComparison.Ordinal)
            && line.Contains("from_provider=\"traced\"", StringComparison.Ordinal) && line.Contains("to_provider=\"mock\"", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> SendAsync(string body) =>
        await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", body, UpstreamConfig.ClientKey));

    /// <summary>The first key is refused with a 500 (every key with a 503 once told to); the second answers in OpenAI's wire format.</summary>
    private async Task RespondAsync(ReceivedRequest received, HttpContext http)
    {
        if (_everyMemberFails || received.Headers["authorization"] != "Bearer sk-second")
        {
            http.Response.StatusCode = _everyMemberFails ? 503 : 500;
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
        await http.Response.WriteAsync("""{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital."},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}""");
    }
}
