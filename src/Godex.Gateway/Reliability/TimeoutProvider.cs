using System.Runtime.CompilerServices;

using Godex.Gateway.Providers;
using Godex.Wire;

namespace Godex.Gateway.Reliability;

/// <summary>
/// Bounds a provider's answer in time: until its first token (text, reasoning or tool-argument delta),
/// between two of its events, and as a whole (from the send to the last event, headers or not), so a
/// stalled upstream cannot hang the client. A timeout cancels the inner answer. Before any event it is
/// thrown as a 504 `provider.timeout` (the failover loop then tries the next candidate); after events
/// went out it ends the answer with a failure event. A token count and a model list are bounded as a
/// whole too. A client that goes away is still a cancellation, never a timeout.
/// </summary>
public sealed class TimeoutProvider(IProvider inner, ProviderTimeouts timeouts, TimeProvider time) : DelegatingProvider(inner)
{
    public override Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken) =>
        BoundAsync(token => Inner.CountTokensAsync(call, token), cancellationToken);

    public override Task<IReadOnlyList<DiscoveredModel>?> ListModelsAsync(CancellationToken cancellationToken) =>
        BoundAsync(Inner.ListModelsAsync, cancellationToken);

    public override async IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadlines = new Deadlines(timeouts, time, Name);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlines.Token);
        await using var events = Inner.AnswerAsync(call, linked.Token).GetAsyncEnumerator(linked.Token);
        var yielded = false;
        while (true)
        {
            StreamEvent? current = null;
            GodexError? timedOut = null;
            deadlines.Waiting();
            try
            {
                if (!await events.MoveNextAsync())
                {
                    yield break;
                }

                current = events.Current;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && deadlines.Expired is { } error)
            {
                // Whatever the inner answer threw on being cancelled, the cause is the timeout.
                timedOut = error;
            }

            // An inner answer handing on what it already has need not look at its token: the timeout still holds.
            timedOut ??= cancellationToken.IsCancellationRequested ? null : deadlines.Expired;
            if (timedOut is not null)
            {
                if (!yielded)
                {
                    throw new GodexException(timedOut);
                }

                yield return new ResponseFailed(timedOut);
                yield break;
            }

            deadlines.Received(current!);
            yielded = true;
            yield return current!;
        }
    }

    /// <summary>A call that is not an answer, within `timeout_seconds`: a 504 `provider.timeout` when it runs out.</summary>
    private async Task<T> BoundAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (timeouts.Total is not { } total)
        {
            return await call(cancellationToken);
        }

        using var deadline = new CancellationTokenSource(total, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await call(linked.Token);
        }
        catch (Exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GodexException(Deadlines.Error(Name, "did not answer within", total, "timeout_seconds"));
        }
    }

    /// <summary>
    /// The timers of one answer. The first-token timer runs from the start, unpaused, until the first
    /// token; the idle timer runs only while the upstream is awaited (a slow client is not an idle
    /// upstream) and, without a first-token timeout, from the start too. The first to fire cancels.
    /// </summary>
    private sealed class Deadlines : IDisposable
    {
        private readonly ProviderTimeouts _timeouts;
        private readonly string _provider;
        private readonly CancellationTokenSource _cancel = new();
        private readonly ITimer? _total;
        private readonly ITimer? _firstToken;
        private readonly ITimer? _idle;
        private GodexError? _expired;
        private bool _answering;

        public Deadlines(ProviderTimeouts timeouts, TimeProvider time, string provider)
        {
            (_timeouts, _provider) = (timeouts, provider);
            if (timeouts.Total is { } total)
            {
                _total = time.CreateTimer(_ => Expire(Error("did not finish its answer within", total, "timeout_seconds")), null, total, Timeout.InfiniteTimeSpan);
            }

            if (timeouts.FirstToken is { } firstToken)
            {
                _firstToken = time.CreateTimer(_ => Expire(Error("sent no first token within", firstToken, "first_token_timeout_seconds")), null, firstToken, Timeout.InfiniteTimeSpan);
            }

            if (timeouts.Idle is { } idle)
            {
                _idle = time.CreateTimer(_ => Expire(Error("sent nothing for", idle, "idle_timeout_seconds")), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        public CancellationToken Token => _cancel.Token;

        /// <summary>The timeout that fired, or null.</summary>
        public GodexError? Expired => Volatile.Read(ref _expired);

        /// <summary>The upstream is awaited for the next event.</summary>
        public void Waiting()
        {
            if (_answering || _firstToken is null)
            {
                _idle?.Change(_timeouts.Idle!.Value, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>An event arrived: the idle timer stops while it is handed on, and a token ends the first-token wait.</summary>
        public void Received(StreamEvent streamEvent)
        {
            _idle?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (!_answering && streamEvent is TextDelta or ReasoningDelta or ToolArgumentsDelta)
            {
                _answering = true;
                _firstToken?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            _total?.Dispose();
            _firstToken?.Dispose();
            _idle?.Dispose();
            _cancel.Dispose();
        }

        private void Expire(GodexError error)
        {
            if (Interlocked.CompareExchange(ref _expired, error, null) is null)
            {
                try
                {
                    _cancel.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The answer ended as the timer fired.
                }
            }
        }

        public static GodexError Error(string provider, string what, TimeSpan limit, string key) =>
            new(504, "provider.timeout", $"Provider '{provider}' {what} {limit.TotalSeconds:0.###} s (providers.{provider}.{key}).");

        private GodexError Error(string what, TimeSpan limit, string key) => Error(_provider, what, limit, key);
    }
}
