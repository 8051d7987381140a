using System.Diagnostics;

using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Routing;

using static Godex.Gateway.Tests.Pipeline.Attempts;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>What the runner records of each attempt for the trace: why it was tried, when it began and was left, its backoff.</summary>
public sealed class AttemptRunnerRecordingTests
{
    [Fact]
    public async Task Each_attempt_records_why_it_was_tried_when_it_began_and_ended_and_the_backoff_it_waited()
    {
        var first = ScriptedProvider.Throwing("first", 503);
        var second = ScriptedProvider.Throwing("second", 429);
        var fallback = ScriptedProvider.Answering("fallback", "Paris");
        var context = new GatewayContext("req", "openai-chat", Stopwatch.GetTimestamp())
        {
            Request = Request(),
            Plan = new RoutePlan("model", [Candidate(first, RouteReason.Alias), Candidate(second, RouteReason.Alias), Candidate(first, RouteReason.Alias), Candidate(fallback, RouteReason.Fallback)]),
        };
        var retries = new GodexConfig { Routing = new RoutingConfig { Retries = new RetryConfig { BackoffMs = 4, MaxBackoffMs = 4 } } };

        var events = await CollectAsync(Runner(retries).RunAsync(context, CancellationToken.None));

        Assert.Equal("Paris", Text(events));
        var attempts = context.Attempts;
        Assert.Equal([AttemptReason.FirstChoice, AttemptReason.NextMember, AttemptReason.Retry, AttemptReason.Fallback], attempts.Select(attempt => attempt.Reason));
        Assert.Equal([503, 429, 503, null], attempts.Select(attempt => attempt.Failure?.Status));
        Assert.Equal(TimeSpan.Zero, attempts[0].Backoff);
        Assert.InRange(attempts[2].Backoff, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4)); // jittered: half to all of it
        Assert.True(attempts[0].StartTimestamp >= context.StartTimestamp);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(attempts[i].EndTimestamp >= attempts[i].StartTimestamp, $"attempt {i} ended before it began");
            Assert.True(attempts[i + 1].StartTimestamp >= attempts[i].EndTimestamp, $"attempt {i + 1} began before attempt {i} was left");
        }

        Assert.True(Stopwatch.GetElapsedTime(attempts[2].StartTimestamp, attempts[2].EndTimestamp!.Value) >= attempts[2].Backoff, "the retry's time includes the backoff it waited");
        Assert.Null(attempts[3].EndTimestamp); // committed: its answer ends with the request
        Assert.True(attempts[3].Committed);
    }

    private static Route Candidate(ScriptedProvider provider, RouteReason reason) => new(provider, "model", reason);
}
