using Godex.EndToEnd.Tests.Conformance;
using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Telemetry;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// An alias with `hedge_after_ms` in front of a two-member pool, through the real server, every client
/// protocol, streamed and not: a member whose first token is late is hedged to the other, the client
/// gets one clean answer, the late member is hung up on, and the trace keeps both attempts.
/// </summary>
public sealed class HedgingEndToEndTests
{
    private const int HedgeAfterMs = 150;
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(5);

    public static TheoryData<string, string, bool> EveryClient => FaultSuiteTests.EveryClient;

    [Theory]
    [MemberData(nameof(EveryClient))]
    public async Task A_late_first_token_is_hedged_to_the_other_member_and_the_late_one_is_cancelled(string client, string family, bool stream)
    {
        await using var pool = await FaultPool.StartAsync(family, Fault.SlowFirstToken, hedgeAfterMs: HedgeAfterMs);

        var (response, body, took) = await pool.SendAsync(ClientProtocol.Named(client), stream);

        Assert.True(200 == (int)response.StatusCode, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal(("2", "pool#2"), (response.Headers.GetValues("x-godex-attempts").Single(), response.Headers.GetValues("x-godex-provider").Single()));
        var answer = await ClientProtocol.Named(client).ReadAnswerAsync(body, stream);
        Assert.Equal((await pool.Family.ReadAnswerAsync(pool.Answer(stream), stream)).JoinedText(), answer.JoinedText());
        await pool.FirstAbandoned.Task.WaitAsync(NoHang); // the late member was hung up on
        Assert.True(took < FaultScripts.Stall / 2, $"took {took}");

        var trace = await Traces.WaitForAsync(pool.Godex, Traces.RequestId(response));
        Assert.Equal("ok", trace.Outcome);
        Assert.Equal([("pool#1", "first_choice", TraceAttempt.Cancelled), ("pool#2", "hedge", TraceAttempt.Answered)],
            trace.Attempts!.Select(attempt => (attempt.Member, attempt.Reason, attempt.Outcome)));
        // Timers tick on a coarser clock than the trace's stopwatch: one may fire a few ms early by it.
        Assert.True(trace.Attempts![1].StartMs >= HedgeAfterMs - 15, $"the hedge started at {trace.Attempts[1].StartMs} ms");
    }

    [Theory]
    [InlineData("openai-chat", true)]
    [InlineData("anthropic", false)]
    public async Task A_first_token_in_time_sends_no_hedge(string family, bool stream)
    {
        await using var pool = await FaultPool.StartAsync(family, hedgeAfterMs: 5_000);

        var (response, _, _) = await pool.SendAsync(ClientProtocol.Named(family), stream);

        Assert.Equal(("1", "pool#1"), (response.Headers.GetValues("x-godex-attempts").Single(), response.Headers.GetValues("x-godex-provider").Single()));
        Assert.Empty(pool.Second.Received);
    }
}
