using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

using Godex.Wire;

namespace Godex.Gateway.Failover;

/// <summary>
/// Tries candidates in order until one answers, the one loop that fails over (the pipeline's candidates,
/// a Code Assist login's hosts). A streamed answer passes a commit gate: its events are held until the
/// first one that shows the client anything (text, reasoning, tool arguments, usage, the end; with
/// <see cref="CommitPoint.Headers"/>, its first event of any kind), so a
/// candidate that fails before that, by throwing or with a failure event, is replaced invisibly; once
/// committed, a failure surfaces as it came. The last candidate is not held at all: with nothing to
/// fail over to, its events go out as they arrive, exactly as without the loop. After a failure the
/// loop moves to the next candidate the listener tries for it (<see cref="IAttemptListener{T}.TriedAfter"/>),
/// passing over those kept for other failures; the first candidate is always tried.
/// </summary>
public static class FailoverLoop
{
    /// <param name="commit">When an answer is committed (routing.commit); a failure before it fails over.</param>
    /// <param name="hedging">When a late first token sends a second attempt (an alias's hedging; see <see cref="HedgeRace"/>), or null.</param>
    public static IAsyncEnumerable<StreamEvent> StreamAsync<T>(IReadOnlyList<T> candidates, Func<T, IAsyncEnumerable<StreamEvent>> start, IAttemptListener<T> listener, CancellationToken cancellationToken, CommitPoint commit = CommitPoint.FirstEvent, Hedging? hedging = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Count); // no candidate must never read as an empty answer
        if (candidates.Count != 1)
        {
            return LoopAsync(candidates, start, listener, commit, hedging, cancellationToken);
        }

        // One candidate, nothing to fail over to: its own events, without a loop around each of them.
        var only = candidates[0];
        listener.Starting(only);
        var events = start(only);
        listener.Committed(only);
        return events;
    }

    private static async IAsyncEnumerable<StreamEvent> LoopAsync<T>(IReadOnlyList<T> candidates, Func<T, IAsyncEnumerable<StreamEvent>> start, IAttemptListener<T> listener, CommitPoint commit, Hedging? hedging, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < candidates.Count;)
        {
            var candidate = candidates[i];
            listener.Starting(candidate);
            if (i == candidates.Count - 1)
            {
                var last = start(candidate);
                listener.Committed(candidate);
                await foreach (var streamEvent in last.WithCancellation(cancellationToken))
                {
                    yield return streamEvent;
                }

                yield break;
            }

            // The attempt whose outcome decides, and the furthest candidate started (a hedge runs ahead).
            var attempt = hedging is { } hedge
                ? await HedgeRace.RunAsync(candidates, i, start, listener, commit, hedge, cancellationToken)
                : await HeldAttempt.StartAsync(candidates, i, start, commit, cancellationToken);
            candidate = candidates[attempt.Index];
            var hold = attempt.Hold;
            if (hold.Error is { } error && NextAfter(candidates, attempt.Furthest, error, listener) is var next and > 0 && listener.FailsOver(candidate, error))
            {
                await attempt.DisposeAsync();
                i = next;
                continue;
            }

            await using (attempt)
            {
                // Not failed over: the client gets this candidate's outcome as it would have without the
                // loop, committed first (as the last candidate is) even when that outcome is a throw.
                listener.Committed(candidate);
                hold.Thrown?.Throw();
                foreach (var streamEvent in attempt.Held)
                {
                    yield return streamEvent;
                }

                var events = attempt.Events;
                while (!hold.Ended && await events.MoveNextAsync())
                {
                    yield return events.Current;
                }
            }

            yield break;
        }
    }

    /// <summary>One call per candidate until one succeeds (token counts): the same order and the same decision as streams.</summary>
    public static async Task<TResult> CallAsync<T, TResult>(IReadOnlyList<T> candidates, Func<T, Task<TResult>> call, IAttemptListener<T> listener)
    {
        for (var i = 0; ;)
        {
            listener.Starting(candidates[i]);
            try
            {
                var result = await call(candidates[i]);
                listener.Committed(candidates[i]);
                return result;
            }
            catch (GodexException failure) when (NextAfter(candidates, i, failure.Error, listener) is var next and > 0 && listener.FailsOver(candidates[i], failure.Error))
            {
                i = next;
            }
            catch (GodexException)
            {
                listener.Committed(candidates[i]); // the client gets this candidate's refusal
                throw;
            }
        }
    }

    /// <summary>The next candidate after <paramref name="failed"/> that is tried after its failure, or -1 when none is.</summary>
    internal static int NextAfter<T>(IReadOnlyList<T> candidates, int failed, GodexError error, IAttemptListener<T> listener)
    {
        for (var next = failed + 1; next < candidates.Count; next++)
        {
            if (listener.TriedAfter(candidates[next], error))
            {
                return next;
            }
        }

        return -1;
    }

    /// <summary>
    /// Reads into <paramref name="held"/> until an event commits the answer. A failure before that is
    /// returned: a failure event stays held (it reaches the client in order if nothing fails over), a
    /// thrown <see cref="GodexException"/> is kept to be thrown again.
    /// </summary>
    internal static async ValueTask<Hold> HoldUntilCommitAsync(IAsyncEnumerator<StreamEvent> events, List<StreamEvent> held, CommitPoint commit)
    {
        try
        {
            while (await events.MoveNextAsync())
            {
                var current = events.Current;
                held.Add(current);
                switch (current)
                {
                    case ResponseFailed failed:
                        return new Hold(Ended: true, failed.Error, Thrown: null);
                    case ResponseStarted or PartStarted or UsageReported when commit == CommitPoint.FirstEvent:
                        continue;
                    case not ResponseFinished when commit == CommitPoint.WholeAnswer:
                        continue;
                    default:
                        return new Hold(Ended: false, Error: null, Thrown: null);
                }
            }

            return new Hold(Ended: true, Error: null, Thrown: null);
        }
        catch (GodexException exception)
        {
            return new Hold(Ended: true, exception.Error, ExceptionDispatchInfo.Capture(exception));
        }
    }

    internal readonly record struct Hold(bool Ended, GodexError? Error, ExceptionDispatchInfo? Thrown);
}
