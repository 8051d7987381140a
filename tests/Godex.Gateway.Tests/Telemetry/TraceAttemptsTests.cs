using System.Diagnostics;

using Godex.Gateway.Pipeline;
using Godex.Gateway.Providers.Mock;
using Godex.Gateway.Routing;
using Godex.Gateway.Telemetry;
using Godex.Wire;

namespace Godex.Gateway.Tests.Telemetry;

/// <summary>What a finished request's attempts become on its trace: times from the request's start, outcomes, errors cut to a sensible size.</summary>
public sealed class TraceAttemptsTests
{
    private const long RequestStart = 1_000_000_000;
    private static readonly Route Mock = new(new MockProvider("mock", TimeProvider.System), "mock", RouteReason.Alias);

    [Fact]
    public void Times_are_milliseconds_from_the_requests_start_and_the_answer_ends_with_its_upstream_part()
    {
        var context = new GatewayContext("r", "openai-chat", RequestStart) { UpstreamEndTimestamp = At(95) };
        context.Attempts.Add(new AttemptRecord(Mock, new ChatRequest(), [], AttemptReason.FirstChoice, At(2)) { EndTimestamp = At(12), Failure = new GodexError(502, "provider.http_error", "bad gateway") });
        context.Attempts.Add(new AttemptRecord(Mock, new ChatRequest(), [], AttemptReason.Retry, At(12)) { Backoff = TimeSpan.FromMilliseconds(200), Committed = true });

        var attempts = TraceAttempts.Of(context, end: At(100), failed: false, disconnected: false);

        Assert.Equal((2.0, 10.0, (double?)null, TraceAttempt.FailedOver, "first_choice"), (attempts[0].StartMs!.Value, attempts[0].DurationMs!.Value, attempts[0].BackoffMs, attempts[0].Outcome, attempts[0].Reason));
        Assert.Equal((502, "provider.http_error", "bad gateway"), (attempts[0].Status!.Value, attempts[0].ErrorCode, attempts[0].ErrorMessage));
        Assert.Equal((12.0, 83.0, (double?)200, TraceAttempt.Answered, "retry"), (attempts[1].StartMs!.Value, attempts[1].DurationMs!.Value, attempts[1].BackoffMs, attempts[1].Outcome, attempts[1].Reason));
        Assert.Null(attempts[1].ErrorCode);
    }

    [Fact]
    public void The_committed_attempt_of_a_failed_request_holds_the_clients_error_cut_without_splitting_a_character()
    {
        var message = new string('x', TraceAttempts.MaxMessageLength - 1) + "🚀 and the rest of a long upstream page";
        var context = new GatewayContext("r", "openai-chat", RequestStart) { Error = new GodexError(503, "provider.http_error", message) };
        context.Attempts.Add(new AttemptRecord(Mock, new ChatRequest(), [], AttemptReason.FirstChoice, At(1)) { Committed = true });

        var attempt = Assert.Single(TraceAttempts.Of(context, end: At(5), failed: true, disconnected: false));

        Assert.Equal((TraceAttempt.Failed, 503, "provider.http_error"), (attempt.Outcome, attempt.Status!.Value, attempt.ErrorCode));
        Assert.Equal(new string('x', TraceAttempts.MaxMessageLength - 1) + "…", attempt.ErrorMessage);
        Assert.Equal(4.0, attempt.DurationMs); // no upstream end: the request's
    }

    [Fact]
    public void An_attempt_the_client_left_during_is_abandoned_with_no_error()
    {
        var context = new GatewayContext("r", "openai-chat", RequestStart) { Error = new GodexError(499, "server.client_left", "gone") };
        context.Attempts.Add(new AttemptRecord(Mock, new ChatRequest(), [], AttemptReason.FirstChoice, At(1)));

        var attempt = Assert.Single(TraceAttempts.Of(context, end: At(5), failed: false, disconnected: true));

        Assert.Equal(TraceAttempt.Abandoned, attempt.Outcome);
        Assert.Null(attempt.ErrorMessage);
    }

    /// <summary>A timestamp <paramref name="ms"/> milliseconds after the request started.</summary>
    private static long At(double ms) => RequestStart + (long)(ms * Stopwatch.Frequency / 1000);
}
