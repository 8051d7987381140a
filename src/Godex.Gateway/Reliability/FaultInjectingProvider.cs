using System.Runtime.CompilerServices;

using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;
using Godex.Wire;

namespace Godex.Gateway.Reliability;

/// <summary>
/// A provider whose answers fail on purpose (`providers.X.fault`), so a config's failover can be rehearsed
/// and tests can break a real pipeline. Each failure takes the shape a real one has, so the failover
/// loop, the stream writers and telemetry cannot tell them apart (only the message says "fault injected"):
/// <list type="bullet">
/// <item>`delay_ms`: every answer waits this long before it starts (cancellation ends the wait).</item>
/// <item>`p_error` (default 1): the chance an answer is faulted; the others pass through untouched.</item>
/// <item>A faulted answer gets one of two faults, drawn evenly when both are configured:
///   <list type="bullet">
///   <item>the status error (`status`, default 500; 429 and 503 carry `retry-after: 1`), configured by
///   `status` or `error_in_200`, or when nothing else is: thrown as a <see cref="GodexException"/> before
///   any event, as an upstream's error status is; with `error_in_200` it comes instead as
///   <see cref="ResponseStarted"/> then <see cref="ResponseFailed"/>, an error inside a 200 before content;</item>
///   <item>the stream fault, configured by `reset_after_events: N` or `malformed` (N = 0 when unset): N
///   events of the real answer, then a 502 `provider.stream_broken` failure as a cut connection ends a
///   stream; with `malformed` a 502 `provider.invalid_stream` instead, as the stream readers end a stream
///   on a chunk that is not valid JSON. It lands before the answer's end even when the answer has fewer
///   than N events, so a rehearsal never silently succeeds.</item>
///   </list></item>
/// </list>
/// Token counts and model lists are not faulted.
/// </summary>
public sealed class FaultInjectingProvider : DelegatingProvider
{
    private readonly FaultConfig _fault;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly Kind[] _kinds;

    public FaultInjectingProvider(IProvider inner, FaultConfig fault, Random random, TimeProvider time)
        : base(inner)
    {
        _fault = fault;
        _random = random;
        _time = time;
        var kinds = new List<Kind>(2);
        var streamFault = fault.ResetAfterEvents is not null || fault.Malformed;
        if (fault.Status is not null || fault.ErrorIn200 || !streamFault)
        {
            kinds.Add(Kind.StatusError);
        }

        if (streamFault)
        {
            kinds.Add(Kind.StreamFault);
        }

        _kinds = [.. kinds];
    }

    private enum Kind
    {
        None,
        StatusError,
        StreamFault,
    }

    public override async IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_fault.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_fault.DelayMs), _time, cancellationToken);
        }

        var kind = Draw();
        if (kind == Kind.StatusError)
        {
            var error = StatusError();
            if (!_fault.ErrorIn200)
            {
                throw new GodexException(error);
            }

            yield return new ResponseStarted("fault-" + Guid.NewGuid().ToString("N")[..12], call.Request.Model, _time.GetUtcNow());
            yield return new ResponseFailed(error);
            yield break;
        }

        var passed = 0;
        await foreach (var streamEvent in Inner.AnswerAsync(call, cancellationToken).WithCancellation(cancellationToken))
        {
            if (kind != Kind.None && (passed == (_fault.ResetAfterEvents ?? 0) || streamEvent is ResponseFinished))
            {
                break;
            }

            yield return streamEvent;
            passed++;
            if (streamEvent is ResponseFailed)
            {
                yield break; // the real answer failed first
            }
        }

        if (kind != Kind.None)
        {
            yield return new ResponseFailed(StreamError(passed));
        }
    }

    private Kind Draw()
    {
        lock (_random)
        {
            // Random is not thread-safe, and a seeded one is shared by every request to this provider.
            if (_fault.PError is { } chance && _random.NextDouble() >= chance)
            {
                return Kind.None;
            }

            return _kinds.Length == 1 ? _kinds[0] : _kinds[_random.Next(_kinds.Length)];
        }
    }

    private GodexError StatusError()
    {
        var status = _fault.Status ?? 500;
        return new GodexError(status, "provider.fault_injected", $"Provider '{Name}' answered {status}: fault injected by providers.{Name}.fault.")
        {
            RetryAfter = status is 429 or 503 ? "1" : null,
        };
    }

    private GodexError StreamError(int passed) => _fault.Malformed
        ? new GodexError(502, "provider.invalid_stream", $"The upstream sent a stream event that is not valid JSON: fault injected by providers.{Name}.fault after {passed} events.")
        : new GodexError(502, "provider.stream_broken", $"Provider '{Name}' broke off the stream: fault injected by providers.{Name}.fault after {passed} events.");
}
