using Godex.Gateway.Configuration;
using Godex.Gateway.Failover;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Gateway.Tests.Infrastructure;
using Godex.Gateway.Tests.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

/// <summary>Each configured fault takes the shape a real failure has, at the point a real one would come.</summary>
public sealed class FaultInjectingProviderTests
{
    private static readonly ProviderCall Call = new(new ChatRequest { Model = "model", Stream = true });

    private readonly ScriptedProvider _inner = ScriptedProvider.Answering("p", "hi");

    [Theory]
    [InlineData(529)]
    [InlineData(400)]
    public async Task A_status_fault_is_thrown_before_any_event_without_asking_the_upstream(int status)
    {
        var thrown = await Assert.ThrowsAsync<GodexException>(() => CollectAsync(new FaultConfig { Status = status }));

        Assert.Equal(status, thrown.Error.Status);
        Assert.Equal("provider.fault_injected", thrown.Error.Code);
        Assert.Contains("providers.p.fault", thrown.Error.Message, StringComparison.Ordinal);
        Assert.Null(thrown.Error.RetryAfter);
        Assert.Empty(_inner.Calls);
    }

    [Fact]
    public async Task An_empty_fault_fails_every_answer_with_500()
    {
        var thrown = await Assert.ThrowsAsync<GodexException>(() => CollectAsync(new FaultConfig()));

        Assert.Equal(500, thrown.Error.Status);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_rate_limit_or_unavailable_fault_carries_a_retry_after(int status)
    {
        var thrown = await Assert.ThrowsAsync<GodexException>(() => CollectAsync(new FaultConfig { Status = status }));

        Assert.Equal("1", thrown.Error.RetryAfter);
    }

    [Fact]
    public async Task Error_in_200_starts_the_answer_then_fails_before_any_content()
    {
        var events = await CollectAsync(new FaultConfig { Status = 529, ErrorIn200 = true });

        Assert.Collection(
            events,
            started => Assert.Equal("model", Assert.IsType<ResponseStarted>(started).Model),
            failed => Assert.Equal((529, "provider.fault_injected"), (Assert.IsType<ResponseFailed>(failed).Error.Status, ((ResponseFailed)failed).Error.Code)));
    }

    [Fact]
    public async Task Reset_after_events_passes_that_many_real_events_then_breaks_the_stream()
    {
        var events = await CollectAsync(new FaultConfig { ResetAfterEvents = 3 });

        Assert.Equal(ScriptedProvider.Answer("p", "hi")[..3], events[..3]);
        var failed = Assert.IsType<ResponseFailed>(Assert.Single(events[3..]));
        Assert.Equal((502, "provider.stream_broken"), (failed.Error.Status, failed.Error.Code));
        Assert.True(_inner.StreamLeft);
    }

    [Fact]
    public async Task A_reset_past_a_short_answer_still_lands_before_its_end()
    {
        var events = await CollectAsync(new FaultConfig { ResetAfterEvents = 50 });

        Assert.Equal(ScriptedProvider.Answer("p", "hi")[..4], events[..4]);
        Assert.IsType<ResponseFailed>(Assert.Single(events[4..]));
        Assert.DoesNotContain(events, e => e is ResponseFinished);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(2, 2)]
    public async Task Malformed_fails_as_the_stream_readers_do_on_a_chunk_that_is_not_json(int? resetAfter, int passed)
    {
        var events = await CollectAsync(new FaultConfig { Malformed = true, ResetAfterEvents = resetAfter });

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal(passed, events.Count - 1);
        Assert.Equal((502, "provider.invalid_stream"), (failed.Error.Status, failed.Error.Code));
        Assert.Contains("not valid JSON", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task P_error_zero_passes_the_answer_through_untouched()
    {
        var events = await CollectAsync(new FaultConfig { PError = 0, Status = 529 });

        Assert.Equal(ScriptedProvider.Answer("p", "hi"), events);
    }

    [Fact]
    public async Task P_error_faults_about_that_share_of_answers_and_a_seed_repeats_the_same_ones()
    {
        var fault = new FaultConfig { PError = 0.2, Status = 529 };

        var first = await OutcomesAsync(fault, new Random(42), 500);
        var again = await OutcomesAsync(fault, new Random(42), 500);

        Assert.Equal(first, again);
        Assert.InRange(first.Count(failed => failed), 70, 130);
    }

    [Fact]
    public async Task With_every_fault_configured_the_status_error_in_a_200_and_the_malformed_chunk_are_both_drawn()
    {
        var fault = new FaultConfig { Status = 529, ResetAfterEvents = 3, Malformed = true, ErrorIn200 = true };
        var provider = new FaultInjectingProvider(_inner, fault, new Random(7), TimeProvider.System);
        var seen = new HashSet<(int Events, int Status, string Code)>();
        for (var i = 0; i < 40; i++)
        {
            var events = await Attempts.CollectAsync(provider.AnswerAsync(Call, CancellationToken.None));
            var failed = Assert.IsType<ResponseFailed>(events[^1]);
            seen.Add((events.Count - 1, failed.Error.Status, failed.Error.Code));
        }

        Assert.Equal([(1, 529, "provider.fault_injected"), (3, 502, "provider.invalid_stream")], seen.Order());
    }

    [Fact]
    public async Task Delay_holds_the_answer_back_until_it_has_passed()
    {
        var clock = new ManualClock();
        var provider = new FaultInjectingProvider(_inner, new FaultConfig { DelayMs = 500, PError = 0 }, new Random(1), clock);

        var answer = Attempts.CollectAsync(provider.AnswerAsync(Call, CancellationToken.None));
        clock.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Delay(50);
        Assert.False(answer.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(ScriptedProvider.Answer("p", "hi"), await answer.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cancellation_ends_the_delay()
    {
        var provider = new FaultInjectingProvider(_inner, new FaultConfig { DelayMs = 60_000 }, new Random(1), new ManualClock());
        using var cancel = new CancellationTokenSource();

        var answer = Attempts.CollectAsync(provider.AnswerAsync(Call, cancel.Token));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(_inner.Calls);
    }

    [Fact]
    public async Task The_failover_loop_treats_a_fault_as_a_real_failure_and_moves_on()
    {
        var faulty = FaultInjection.Wrap(ScriptedProvider.Answering("a", "no"), new FaultConfig { Status = 529 });
        var next = ScriptedProvider.Answering("b", "yes");
        var listener = new ProviderListener();

        var events = await Attempts.CollectAsync(FailoverLoop.StreamAsync<IProvider>([faulty, next], p => p.AnswerAsync(Call, CancellationToken.None), listener, CancellationToken.None));

        Assert.Equal("yes", Attempts.Text(events));
        Assert.Equal(["starting a", "fails over a 529", "starting b", "committed b"], listener.Heard);
    }

    [Fact]
    public void No_fault_leaves_the_provider_as_it_is() =>
        Assert.Same(_inner, FaultInjection.Wrap(_inner, null));

    private Task<List<StreamEvent>> CollectAsync(FaultConfig fault, Random? random = null) =>
        Attempts.CollectAsync(new FaultInjectingProvider(_inner, fault, random ?? new Random(1), TimeProvider.System).AnswerAsync(Call, CancellationToken.None));

    private async Task<List<bool>> OutcomesAsync(FaultConfig fault, Random random, int answers)
    {
        var provider = new FaultInjectingProvider(_inner, fault, random, TimeProvider.System);
        var outcomes = new List<bool>(answers);
        for (var i = 0; i < answers; i++)
        {
            try
            {
                await Attempts.CollectAsync(provider.AnswerAsync(Call, CancellationToken.None));
                outcomes.Add(false);
            }
            catch (GodexException)
            {
                outcomes.Add(true);
            }
        }

        return outcomes;
    }

    private sealed class ProviderListener : IAttemptListener<IProvider>
    {
        public List<string> Heard { get; } = [];

        public void Starting(IProvider candidate) => Heard.Add($"starting {candidate.Name}");

        public bool FailsOver(IProvider candidate, GodexError error)
        {
            Heard.Add($"fails over {candidate.Name} {error.Status}");
            return AttemptOutcomes.Classify(error) != AttemptOutcome.Stop;
        }

        public void Committed(IProvider candidate) => Heard.Add($"committed {candidate.Name}");
    }
}
