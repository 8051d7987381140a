using Godex.Wire;

namespace Godex.Gateway.Failover;

/// <summary>An alias's hedging, as the <see cref="FailoverLoop"/> is given it: the delay and the clock it is measured on.</summary>
public sealed record Hedging(HedgeDelay Delay, TimeProvider Time);

/// <summary>
/// A candidate's attempt with a hedge: when its first token is later than the alias's delay, the next
/// candidate that is another member starts beside it, and the first of the two to show a token (or to
/// end) wins. The loser is hung up on and told to the listener (<see cref="IAttemptListener{T}.LostRace"/>);
/// a contender that fails first is left as any failed attempt is, and the other goes on alone. The
/// first-token time the client waited feeds the delay's percentile.
/// </summary>
internal static class HedgeRace
{
    /// <summary>What a late first token is, to the listener deciding which candidates may be tried after it.</summary>
    private static readonly GodexError LateFirstToken = new(504, "provider.first_token_late", "The first token was later than the alias's hedge delay.");

    public static async ValueTask<HeldAttempt> RunAsync<T>(IReadOnlyList<T> candidates, int index, Func<T, IAsyncEnumerable<StreamEvent>> start, IAttemptListener<T> listener, CommitPoint commit, Hedging hedging, CancellationToken cancellationToken)
    {
        // The race is to the first token, whatever the commit point; a whole answer is then held on below.
        var race = commit == CommitPoint.Headers ? CommitPoint.Headers : CommitPoint.FirstEvent;
        var started = hedging.Time.GetTimestamp();
        var first = HeldAttempt.Begin(candidates, index, start, cancellable: true, cancellationToken);
        var firstHolding = first.HoldAsync(race);
        HeldAttempt? second = null;
        Task? secondHolding = null;
        try
        {
            if (hedging.Delay.Current is { } delay && Target(candidates, index, listener) is var target and > 0)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var late = Task.Delay(delay, hedging.Time, timer.Token);
                if (await Task.WhenAny(firstHolding, late) == late && late.IsCompletedSuccessfully)
                {
                    listener.Hedging(candidates[target]);
                    second = HeldAttempt.Begin(candidates, target, start, cancellable: true, cancellationToken);
                    secondHolding = second.HoldAsync(race);
                }

                await timer.CancelAsync();
            }

            var survivor = second is null ? await AloneAsync(first, firstHolding) : await RaceAsync(candidates, listener, first, firstHolding, second, secondHolding!);
            survivor.Furthest = second?.Index ?? index;
            if (survivor.Hold.Error is null)
            {
                hedging.Delay.Observe(hedging.Time.GetElapsedTime(started));
                if (commit == CommitPoint.WholeAnswer && !survivor.Hold.Ended)
                {
                    await survivor.HoldAsync(commit);
                }
            }

            return survivor;
        }
        catch
        {
            // The request was cancelled (or the loop's own code failed): hang up on whatever still runs.
            await first.AbandonAsync(firstHolding);
            if (second is not null)
            {
                await second.AbandonAsync(secondHolding!);
            }

            throw;
        }
    }

    private static async Task<HeldAttempt> AloneAsync(HeldAttempt attempt, Task holding)
    {
        await holding;
        return attempt;
    }

    private static async Task<HeldAttempt> RaceAsync<T>(IReadOnlyList<T> candidates, IAttemptListener<T> listener, HeldAttempt first, Task firstHolding, HeldAttempt second, Task secondHolding)
    {
        var done = await Task.WhenAny(firstHolding, secondHolding);
        await done; // a cancelled request throws here
        var (winner, loser, loserHolding) = done == firstHolding ? (first, second, secondHolding) : (second, first, firstHolding);
        if (winner.Hold.Error is { } error && listener.FailsOver(candidates[winner.Index], error))
        {
            // The quicker one failed before answering: the other goes on as the attempt.
            await winner.DisposeAsync();
            await loserHolding;
            return loser;
        }

        listener.LostRace(candidates[loser.Index]);
        _ = loser.AbandonAsync(loserHolding); // the winner's answer does not wait for the loser's hang-up
        return winner;
    }

    /// <summary>The next candidate tried after a late first token that is not the running one's member, or -1.</summary>
    private static int Target<T>(IReadOnlyList<T> candidates, int running, IAttemptListener<T> listener)
    {
        for (var next = running + 1; next < candidates.Count; next++)
        {
            if (listener.TriedAfter(candidates[next], LateFirstToken) && listener.HedgesWith(candidates[next], candidates[running]))
            {
                return next;
            }
        }

        return -1;
    }
}
