using Godex.Gateway.Configuration;
using Godex.Gateway.Failover;
using Godex.Gateway.Providers;
using Godex.Gateway.Tests.Infrastructure;
using Godex.Gateway.Tests.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

/// <summary>Hedging in the failover loop: a late first token sends a second attempt, the first to show a token wins, the loser is hung up on.</summary>
public sealed class HedgeRaceTests
{
    private static readonly TimeSpan After = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(10);

    private readonly RecordingListener _listener = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task A_first_token_later_than_the_delay_sends_a_hedge_that_wins_and_the_late_one_is_hung_up_on()
    {
        var late = Late("a", new TaskCompletionSource());
        var hedge = ScriptedProvider.Answering("b", "from b");

        var streaming = StreamAsync(late, hedge);
        await Until(() => late.Calls.Count == 1);
        Assert.Empty(hedge.Calls);
        _clock.Advance(After);

        var events = await streaming.WaitAsync(NoHang);
        Assert.Equal("from b", Attempts.Text(events));
        Assert.Equal(["starting a", "hedging b", "lost a", "committed b"], _listener.Heard);
        await Until(() => late.StreamLeft);
    }

    [Fact]
    public async Task The_late_one_still_wins_when_its_token_comes_before_the_hedges()
    {
        var firstToken = new TaskCompletionSource();
        var late = Late("a", firstToken);
        var slowerHedge = Late("b", new TaskCompletionSource());

        var streaming = StreamAsync(late, slowerHedge);
        await Until(() => late.Calls.Count == 1);
        _clock.Advance(After);
        await Until(() => slowerHedge.Calls.Count == 1);
        firstToken.SetResult();

        var events = await streaming.WaitAsync(NoHang);
        Assert.Equal("from a", Attempts.Text(events));
        Assert.Equal(["starting a", "hedging b", "lost b", "committed a"], _listener.Heard);
        await Until(() => slowerHedge.StreamLeft);
    }

    [Fact]
    public async Task An_answer_within_the_delay_sends_no_hedge()
    {
        var quick = ScriptedProvider.Answering("a", "from a");
        var hedge = ScriptedProvider.Answering("b", "from b");

        var events = await StreamAsync(quick, hedge).WaitAsync(NoHang);

        Assert.Equal("from a", Attempts.Text(events));
        Assert.Empty(hedge.Calls);
        Assert.Equal(["starting a", "committed a"], _listener.Heard);
    }

    [Fact]
    public async Task A_hedge_that_fails_first_leaves_the_late_one_running_and_it_answers()
    {
        var firstToken = new TaskCompletionSource();
        var late = Late("a", firstToken);
        var failing = ScriptedProvider.Throwing("b", 503);
        var after = ScriptedProvider.Answering("c", "from c");

        var streaming = StreamAsync(late, failing, after);
        await Until(() => late.Calls.Count == 1);
        _clock.Advance(After);
        await Until(() => _listener.Heard.Contains("fails over b 503"));
        firstToken.SetResult();

        var events = await streaming.WaitAsync(NoHang);
        Assert.Equal("from a", Attempts.Text(events));
        Assert.Equal(["starting a", "hedging b", "fails over b 503", "committed a"], _listener.Heard);
        Assert.Empty(after.Calls);
    }

    [Fact]
    public async Task When_both_fail_the_loop_goes_on_after_the_hedge_not_back_to_it()
    {
        var failsLate = new ScriptedProvider("a", new Pause(Task.Delay(200)), new Throw(ScriptedProvider.Error(502)));
        var failing = ScriptedProvider.Throwing("b", 503);
        var after = ScriptedProvider.Answering("c", "from c");

        var streaming = StreamAsync(failsLate, failing, after);
        await Until(() => failsLate.Calls.Count == 1);
        _clock.Advance(After);

        var events = await streaming.WaitAsync(NoHang);
        Assert.Equal("from c", Attempts.Text(events));
        Assert.Equal(["starting a", "hedging b", "fails over b 503", "fails over a 502", "starting c", "committed c"], _listener.Heard);
        Assert.Single(failing.Calls);
    }

    [Fact]
    public async Task A_hedge_never_goes_to_the_late_candidate_again()
    {
        var late = Late("a", new TaskCompletionSource());
        var other = ScriptedProvider.Answering("b", "from b");

        // The plan tries a twice (a retry) before b: the hedge skips the retry and goes to b.
        var streaming = Attempts.CollectAsync(FailoverLoop.StreamAsync([late, late, other], Start, _listener, CancellationToken.None, CommitPoint.FirstEvent, Hedged()));
        await Until(() => late.Calls.Count == 1);
        _clock.Advance(After);

        var events = await streaming.WaitAsync(NoHang);
        Assert.Equal("from b", Attempts.Text(events));
        Assert.Single(late.Calls);
    }

    [Fact]
    public void A_percentile_delay_waits_for_enough_answers_then_follows_them()
    {
        var delay = new HedgeDelay(new HedgeConfig(AfterMs: 1000, Percentile: 90));
        for (var i = 1; i < HedgeDelay.MinSamples; i++)
        {
            delay.Observe(TimeSpan.FromMilliseconds(i * 10));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1000), delay.Current); // the fixed delay until there are enough

        delay.Observe(TimeSpan.FromMilliseconds(200));

        Assert.Equal(TimeSpan.FromMilliseconds(180), delay.Current); // the 18th of 20 answers, 10..200 ms
        Assert.Null(new HedgeDelay(new HedgeConfig(AfterMs: null, Percentile: 95)).Current);
    }

    private static ScriptedProvider Late(string name, TaskCompletionSource firstToken) =>
        new(name, [new Emit(new ResponseStarted(name, "model", DateTimeOffset.UnixEpoch)), new Pause(firstToken.Task), .. ScriptedProvider.Answer(name, $"from {name}").Skip(1).Select(e => new Emit(e))]);

    private static IAsyncEnumerable<StreamEvent> Start(ScriptedProvider candidate) => candidate.AnswerAsync(new ProviderCall(new ChatRequest()), CancellationToken.None);

    private Hedging Hedged() => new(new HedgeDelay(new HedgeConfig((int)After.TotalMilliseconds, Percentile: null)), _clock);

    private Task<List<StreamEvent>> StreamAsync(params ScriptedProvider[] plan) =>
        Attempts.CollectAsync(FailoverLoop.StreamAsync(plan, Start, _listener, CancellationToken.None, CommitPoint.FirstEvent, Hedged()));

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + NoHang;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(5);
        }
    }
}
