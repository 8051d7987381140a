using System.Diagnostics;
using System.Runtime.CompilerServices;

using Godex.Gateway.Failover;
using Godex.Wire;

namespace Godex.Gateway.Reliability;

/// <summary>
/// Watches one attempt on a pool member: counts it in flight, measures its time to the first event,
/// and tells the member's health how it ended (a failure, thrown or as an event; or a finished answer).
/// Waits <c>backoff</c> first when the attempt retries a member.
/// </summary>
public static class MemberAttempt
{
    public static async IAsyncEnumerable<StreamEvent> WatchAsync(PoolMember? member, IAsyncEnumerable<StreamEvent> events, TimeSpan backoff, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (backoff > TimeSpan.Zero)
        {
            await Task.Delay(backoff, time, cancellationToken);
        }

        member?.Enter();
        var probe = member?.Health.AttemptStarted() == true;
        var started = Stopwatch.GetTimestamp();
        var measured = false;
        var ended = false;
        try
        {
            await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (GodexException failure)
                {
                    ended = true;
                    member?.Health.ReportFailure(failure.Error, AttemptOutcomes.Classify(failure.Error));
                    throw;
                }

                var current = enumerator.Current;
                if (!measured && current is not (ResponseStarted or PartStarted or UsageReported))
                {
                    measured = true;
                    member?.ObserveLatency(Stopwatch.GetElapsedTime(started));
                }

                if (current is ResponseFailed failed && !ended)
                {
                    ended = true;
                    member?.Health.ReportFailure(failed.Error, AttemptOutcomes.Classify(failed.Error));
                }
                else if (current is ResponseFinished && !ended)
                {
                    ended = true;
                    member?.Health.ReportSuccess();
                }

                yield return current;
            }
        }
        finally
        {
            member?.Leave();
            if (ended)
            {
                member?.AttemptLatency.Record(Stopwatch.GetElapsedTime(started));
            }

            if (probe && !ended)
            {
                member!.Health.ProbeAbandoned(); // the client left before the probe had an outcome
            }
        }
    }
}
