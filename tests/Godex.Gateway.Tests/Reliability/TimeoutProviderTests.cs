using Godex.Gateway.Configuration;
using Godex.Gateway.Failover;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Gateway.Tests.Infrastructure;
using Godex.Gateway.Tests.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

/// <summary>Per-provider timeouts over a scripted provider that stalls, on a clock the test moves.</summary>
public sealed class TimeoutProviderTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly ProviderCall Call = new(new ChatRequest());
    private readonly ManualClock _clock = new();

    /// <summary>An upstream that never sends what comes next.</summary>
    private static Pause Stall => new(new TaskCompletionSource().Task);

    private static ResponseStarted Started => new("a", "model", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task No_first_token_in_time_is_thrown_as_a_504_the_failover_loop_moves_on_from()
    {
        var inner = new ScriptedProvider("slow", Stall);
        await using var events = Wrap(inner, firstToken: 2).AnswerAsync(Call, CancellationToken.None).GetAsyncEnumerator();

        var move = events.MoveNextAsync().AsTask();
        _clock.Advance(Second);
        Assert.False(move.IsCompleted);
        _clock.Advance(Second);

        var thrown = await Assert.ThrowsAsync<GodexException>(() => move);
        Assert.Equal(504, thrown.Error.Status);
        Assert.Equal("provider.timeout", thrown.Error.Code);
        Assert.Equal("Provider 'slow' sent no first token within 2 s (providers.slow.first_token_timeout_seconds).", thrown.Error.Message);
        Assert.Equal(AttemptOutcome.TryNext, AttemptOutcomes.Classify(thrown.Error));
        Assert.True(inner.StreamLeft); // the inner answer was cancelled, not left running
    }

    [Fact]
    public async Task A_response_start_is_not_a_first_token_and_a_late_token_after_it_ends_the_stream_with_a_failure()
    {
        var inner = new ScriptedProvider("slow", new Emit(Started), new Emit(new PartStarted(0, PartKind.Text)), Stall);
        await using var events = Wrap(inner, firstToken: 1).AnswerAsync(Call, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        Assert.True(await events.MoveNextAsync());
        var move = events.MoveNextAsync().AsTask();
        _clock.Advance(Second);

        Assert.True(await move);
        var failed = Assert.IsType<ResponseFailed>(events.Current);
        Assert.Equal(504, failed.Error.Status);
        Assert.Contains("first_token_timeout_seconds", failed.Error.Message, StringComparison.Ordinal);
        Assert.False(await events.MoveNextAsync());
    }

    [Fact]
    public async Task Silence_between_chunks_past_the_idle_timeout_ends_the_stream_with_a_failure_event()
    {
        var inner = new ScriptedProvider("drip", new Emit(Started), new Emit(new PartStarted(0, PartKind.Text)), new Emit(new TextDelta(0, "Hel")), Stall);
        await using var events = Wrap(inner, firstToken: 1, idle: 3).AnswerAsync(Call, CancellationToken.None).GetAsyncEnumerator();

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await events.MoveNextAsync());
        }

        var move = events.MoveNextAsync().AsTask();
        _clock.Advance(2 * Second);
        Assert.False(move.IsCompleted); // the first-token timer stopped at the first token
        _clock.Advance(Second);

        Assert.True(await move);
        var failed = Assert.IsType<ResponseFailed>(events.Current);
        Assert.Equal(new GodexError(504, "provider.timeout", "Provider 'drip' sent nothing for 3 s (providers.drip.idle_timeout_seconds)."), failed.Error);
        Assert.False(await events.MoveNextAsync());
        Assert.True(inner.StreamLeft);
    }

    [Fact]
    public async Task Without_a_first_token_timeout_the_idle_timeout_also_bounds_the_wait_for_the_first_event()
    {
        await using var events = Wrap(new ScriptedProvider("slow", Stall), idle: 1).AnswerAsync(Call, CancellationToken.None).GetAsyncEnumerator();

        var move = events.MoveNextAsync().AsTask();
        _clock.Advance(Second);

        var thrown = await Assert.ThrowsAsync<GodexException>(() => move);
        Assert.Contains("idle_timeout_seconds", thrown.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_total_timeout_bounds_an_answer_that_keeps_trickling()
    {
        var release = new TaskCompletionSource();
        var inner = new ScriptedProvider("long", new Emit(Started), new Emit(new TextDelta(0, "a")), new Pause(release.Task), new Emit(new TextDelta(0, "b")), Stall);
        await using var events = Wrap(inner, idle: 2, total: 3).AnswerAsync(Call, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        Assert.True(await events.MoveNextAsync());
        var move = events.MoveNextAsync().AsTask();
        _clock.Advance(1.5 * Second);
        release.SetResult(); // a chunk in time for the idle timer...
        Assert.True(await move);
        Assert.Equal(new TextDelta(0, "b"), events.Current);
        move = events.MoveNextAsync().AsTask();
        _clock.Advance(1.5 * Second); // ...but not for the whole answer

        Assert.True(await move);
        var failed = Assert.IsType<ResponseFailed>(events.Current);
        Assert.Equal("Provider 'long' did not finish its answer within 3 s (providers.long.timeout_seconds).", failed.Error.Message);
    }

    [Fact]
    public async Task An_answer_in_time_passes_through_untouched_and_a_slow_client_is_not_an_idle_upstream()
    {
        var answer = ScriptedProvider.Answer("fast", "hi");
        var inner = new ScriptedProvider("fast", [.. answer.Select(e => new Emit(e))]);
        var received = new List<StreamEvent>();

        await foreach (var streamEvent in Wrap(inner, firstToken: 10, idle: 1, total: 20).AnswerAsync(Call, CancellationToken.None))
        {
            received.Add(streamEvent);
            _clock.Advance(2 * Second); // the client takes its time with each event
        }

        Assert.Equal(answer, received);
        Assert.True(inner.StreamLeft);
    }

    [Fact]
    public async Task A_timeout_holds_even_when_the_inner_answer_has_more_ready_and_ignores_its_token()
    {
        var inner = new ScriptedProvider("buffered", [.. ScriptedProvider.Answer("buffered", "hi").Select(e => new Emit(e))]);
        await using var events = Wrap(inner, total: 1).AnswerAsync(Call, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        _clock.Advance(Second);

        Assert.True(await events.MoveNextAsync());
        Assert.Contains("timeout_seconds", Assert.IsType<ResponseFailed>(events.Current).Error.Message, StringComparison.Ordinal);
        Assert.False(await events.MoveNextAsync());
    }

    [Fact]
    public async Task A_client_that_goes_away_is_a_cancellation_not_a_timeout()
    {
        using var client = new CancellationTokenSource();
        await using var events = Wrap(new ScriptedProvider("slow", Stall), firstToken: 1).AnswerAsync(Call, client.Token).GetAsyncEnumerator();

        var move = events.MoveNextAsync().AsTask();
        client.Cancel();
        _clock.Advance(Second);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => move);
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_answer_is_a_cancellation_not_a_failure_event()
    {
        using var client = new CancellationTokenSource();
        await using var events = Wrap(new ScriptedProvider("slow", new Emit(Started), new Emit(new TextDelta(0, "a")), Stall), idle: 1).AnswerAsync(Call, client.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.True(await events.MoveNextAsync());

        var move = events.MoveNextAsync().AsTask();
        client.Cancel();
        _clock.Advance(Second);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => move);
    }

    [Fact]
    public async Task A_provider_without_timeouts_is_still_bounded_by_the_default_whole_answer_timeout()
    {
        var wrapped = ProviderTimeouts.Wrap(new ScriptedProvider("plain", new Emit(Started), Stall), new ProviderConfig { Name = "plain" }, _clock);
        await using var events = wrapped.AnswerAsync(Call, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        var move = events.MoveNextAsync().AsTask();
        _clock.Advance(ProviderTimeouts.DefaultTotal);

        Assert.True(await move);
        Assert.Contains("600 s (providers.plain.timeout_seconds)", Assert.IsType<ResponseFailed>(events.Current).Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_count_that_outlasts_timeout_seconds_is_a_504_and_is_cancelled()
    {
        var inner = new StallingCount(new ScriptedProvider("counting"));
        var count = Wrap(inner, total: 2).CountTokensAsync(Call, CancellationToken.None);

        _clock.Advance(Second);
        Assert.False(count.IsCompleted);
        _clock.Advance(Second);

        var error = (await Assert.ThrowsAsync<GodexException>(() => count)).Error;
        Assert.Equal((504, "provider.timeout"), (error.Status, error.Code));
        Assert.Contains("providers.counting.timeout_seconds", error.Message, StringComparison.Ordinal);
        Assert.True(inner.Cancelled);
    }

    private TimeoutProvider Wrap(IProvider inner, int? firstToken = null, int? idle = null, int? total = null) =>
        new(inner, ProviderTimeouts.From(new ProviderConfig { FirstTokenTimeoutSeconds = firstToken, IdleTimeoutSeconds = idle, TimeoutSeconds = total }), _clock);

    /// <summary>A provider whose token count never answers until it is cancelled.</summary>
    private sealed class StallingCount(IProvider inner) : DelegatingProvider(inner)
    {
        public bool Cancelled { get; private set; }

        public override async Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return null;
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }
        }
    }
}
