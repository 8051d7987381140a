using Godex.Wire;

using static Godex.Gateway.Tests.Pipeline.Attempts;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>The commit gate: a candidate with another after it is held until it shows something; the last is not held at all.</summary>
public sealed class AttemptRunnerHoldingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_last_candidates_first_event_reaches_the_client_before_it_shows_anything()
    {
        var release = new TaskCompletionSource();
        var last = Paused("last", release.Task);
        var context = Routed(ScriptedProvider.Throwing("first", 503), last);

        var events = Runner().RunAsync(context, CancellationToken.None).GetAsyncEnumerator();
        var started = events.MoveNextAsync().AsTask();

        Assert.True(await started.WaitAsync(Patience)); // held, it would wait for the release
        Assert.IsType<ResponseStarted>(events.Current);
        Assert.Same(last, context.Route?.Provider);
        release.SetResult();
        Assert.Equal("Paris", Text(await RestAsync(events)));
    }

    [Fact]
    public async Task A_candidate_with_another_after_it_is_held_until_it_shows_something()
    {
        var release = new TaskCompletionSource();
        var context = Routed(Paused("first", release.Task), ScriptedProvider.Answering("second", "Lyon"));

        var events = Runner().RunAsync(context, CancellationToken.None).GetAsyncEnumerator();
        var started = events.MoveNextAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        Assert.False(started.IsCompleted);
        Assert.Null(context.Route);
        release.SetResult();
        Assert.True(await started.WaitAsync(Patience));
        Assert.IsType<ResponseStarted>(events.Current);
        Assert.Equal("first", context.Route?.Provider.Name);
        Assert.Equal("Paris", Text(await RestAsync(events)));
    }

    /// <summary>Starts its answer, waits for <paramref name="release"/>, then answers "Paris".</summary>
    private static ScriptedProvider Paused(string name, Task release)
    {
        var answer = ScriptedProvider.Answer(name, "Paris");
        return new ScriptedProvider(name, [new Emit(answer[0]), new Pause(release), .. answer[1..].Select(e => new Emit(e))]);
    }

    private static async Task<List<StreamEvent>> RestAsync(IAsyncEnumerator<StreamEvent> events)
    {
        var rest = new List<StreamEvent>();
        await using (events)
        {
            while (await events.MoveNextAsync().AsTask().WaitAsync(Patience))
            {
                rest.Add(events.Current);
            }
        }

        return rest;
    }
}
