using Godex.Gateway.Failover;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Gateway.Tests.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

/// <summary>The loop itself, over scripted candidates: the order it tells its listener things in, and what it commits.</summary>
public sealed class FailoverLoopTests
{
    private readonly RecordingListener _listener = new();

    [Fact]
    public async Task The_listener_hears_each_attempt_start_fail_over_and_the_last_commit_in_order()
    {
        var events = await StreamAsync(ScriptedProvider.Throwing("a", 503), ScriptedProvider.Throwing("b", 429), ScriptedProvider.Answering("c", "hi"));

        Assert.Equal("hi", Attempts.Text(events));
        Assert.Equal(["starting a", "fails over a 503", "starting b", "fails over b 429", "starting c", "committed c"], _listener.Heard);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_refusal_is_committed_as_its_candidates_outcome_whether_or_not_another_follows(int candidates)
    {
        ScriptedProvider[] plan = [ScriptedProvider.Throwing("a", 400), .. Enumerable.Range(0, candidates - 1).Select(i => ScriptedProvider.Answering($"next{i}", "hi"))];

        var thrown = await Assert.ThrowsAsync<GodexException>(() => StreamAsync(plan));

        Assert.Equal(400, thrown.Error.Status);
        Assert.Contains("committed a", _listener.Heard);
        Assert.All(plan.Skip(1), next => Assert.Empty(next.Calls));
    }

    [Theory]
    [InlineData(503, "b")]
    [InlineData(400, "kept")]
    public async Task A_candidate_kept_for_one_failure_is_passed_over_for_others(int status, string answers)
    {
        var listener = new RecordingListener { TriedAfterRule = static (candidate, error) => (candidate.Name == "kept") == (error.Status == 400) };
        var failing = new ScriptedProvider("a", new Throw(ScriptedProvider.Error(status) with { UpstreamCode = "context_length_exceeded" }));
        ScriptedProvider[] plan = [failing, ScriptedProvider.Answering("kept", "kept"), ScriptedProvider.Answering("b", "b")];

        var streamed = await Attempts.CollectAsync(FailoverLoop.StreamAsync(plan, candidate => candidate.AnswerAsync(new ProviderCall(new ChatRequest()), CancellationToken.None), listener, CancellationToken.None));
        var called = await FailoverLoop.CallAsync(plan, candidate => Task.FromResult(candidate.Name == "a" ? throw new GodexException(ScriptedProvider.Error(status) with { UpstreamCode = "context_length_exceeded" }) : candidate.Name), listener);

        Assert.Equal(answers, Attempts.Text(streamed));
        Assert.Equal(answers, called);
        Assert.Equal(["a", answers], listener.Heard.Where(heard => heard.StartsWith("starting", StringComparison.Ordinal)).Take(2).Select(heard => heard[9..]));
    }

    [Fact]
    public async Task A_stream_that_ends_before_showing_anything_is_committed_as_it_is()
    {
        var started = new ResponseStarted("a", "model", DateTimeOffset.UnixEpoch);
        var next = ScriptedProvider.Answering("b", "hi");

        var events = await StreamAsync(new ScriptedProvider("a", new Emit(started)), next);

        Assert.Equal([started], events);
        Assert.Equal(["starting a", "committed a"], _listener.Heard);
        Assert.Empty(next.Calls);
    }

    [Fact]
    public async Task A_failure_after_the_upstream_started_but_before_anything_to_show_fails_over()
    {
        var events = await StreamAsync(CommitPoint.FirstEvent, StartedThen503(), ScriptedProvider.Answering("b", "hi"));

        Assert.Equal("hi", Attempts.Text(events));
        Assert.Equal(["starting a", "fails over a 503", "starting b", "committed b"], _listener.Heard);
    }

    [Fact]
    public async Task Usage_reported_before_anything_to_show_commits_nothing_and_a_failure_still_fails_over()
    {
        // Anthropic reports the input with message_start, before the first text.
        var early = new ScriptedProvider("a", new Emit(new ResponseStarted("a", "model", DateTimeOffset.UnixEpoch)), new Emit(new UsageReported(new Usage { InputTokens = 400 })), new Throw(ScriptedProvider.Error(503)));

        var events = await StreamAsync(CommitPoint.FirstEvent, early, ScriptedProvider.Answering("b", "hi"));

        Assert.Equal("hi", Attempts.Text(events));
        Assert.Equal(["starting a", "fails over a 503", "starting b", "committed b"], _listener.Heard);
        Assert.DoesNotContain(events, static e => e is UsageReported { Usage.InputTokens: 400 }); // the failed attempt's figures stay with it
    }

    [Fact]
    public async Task Committed_at_the_headers_the_same_failure_reaches_the_client()
    {
        var next = ScriptedProvider.Answering("b", "hi");

        var thrown = await Assert.ThrowsAsync<GodexException>(() => StreamAsync(CommitPoint.Headers, StartedThen503(), next));

        Assert.Equal(503, thrown.Error.Status);
        Assert.Equal(["starting a", "committed a"], _listener.Heard);
        Assert.Empty(next.Calls);
    }

    [Fact]
    public async Task A_whole_answer_cut_after_its_first_words_fails_over_since_the_client_has_seen_none_of_them()
    {
        var cut = new ScriptedProvider("a", new Emit(new ResponseStarted("a", "model", DateTimeOffset.UnixEpoch)), new Emit(new TextDelta(0, "half an ans")), new Throw(ScriptedProvider.Error(502)));

        var events = await StreamAsync(CommitPoint.WholeAnswer, cut, ScriptedProvider.Answering("b", "hi"));

        Assert.Equal("hi", Attempts.Text(events));
        Assert.Equal(["starting a", "fails over a 502", "starting b", "committed b"], _listener.Heard);
    }

    [Fact]
    public async Task A_call_fails_over_by_the_listeners_decision_and_commits_the_one_that_answers()
    {
        ScriptedProvider[] plan = [new("a") { CountFailure = ScriptedProvider.Error(503) }, new("b") { TokenCount = 7 }];

        var count = await FailoverLoop.CallAsync(plan, Count, _listener);

        Assert.Equal(7, count);
        Assert.Equal(["starting a", "fails over a 503", "starting b", "committed b"], _listener.Heard);
    }

    [Fact]
    public async Task A_call_failure_the_listener_keeps_surfaces_without_trying_the_next()
    {
        ScriptedProvider[] plan = [new("a") { CountFailure = ScriptedProvider.Error(404) }, new("b") { TokenCount = 7 }];

        var thrown = await Assert.ThrowsAsync<GodexException>(() => FailoverLoop.CallAsync(plan, Count, _listener));

        Assert.Equal(404, thrown.Error.Status);
        Assert.Empty(plan[1].CountCalls);
    }

    private static ScriptedProvider StartedThen503() =>
        new("a", new Emit(new ResponseStarted("a", "model", DateTimeOffset.UnixEpoch)), new Throw(ScriptedProvider.Error(503)));

    private static Task<long?> Count(ScriptedProvider candidate) => candidate.CountTokensAsync(new ProviderCall(new ChatRequest()), CancellationToken.None);

    private Task<List<StreamEvent>> StreamAsync(params ScriptedProvider[] plan) => StreamAsync(CommitPoint.FirstEvent, plan);

    private Task<List<StreamEvent>> StreamAsync(CommitPoint commit, params ScriptedProvider[] plan) =>
        Attempts.CollectAsync(FailoverLoop.StreamAsync(plan, candidate => candidate.AnswerAsync(new ProviderCall(new ChatRequest()), CancellationToken.None), _listener, CancellationToken.None, commit));
}
