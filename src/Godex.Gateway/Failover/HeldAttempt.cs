using Godex.Wire;

namespace Godex.Gateway.Failover;

/// <summary>
/// One attempt of a <see cref="FailoverLoop"/> read up to its commit point: its events so far, how the
/// hold ended, and its own cancellation when it may be hung up on alone (a hedging race's loser).
/// </summary>
internal sealed class HeldAttempt : IAsyncDisposable
{
    private readonly CancellationTokenSource? _cancellation;
    private int _disposed;

    private HeldAttempt(int index, IAsyncEnumerator<StreamEvent> events, CancellationTokenSource? cancellation)
    {
        Index = index;
        Furthest = index;
        Events = events;
        _cancellation = cancellation;
    }

    /// <summary>The candidate's place in the plan.</summary>
    public int Index { get; }

    /// <summary>The furthest candidate started with this one (a hedge runs ahead): failing over goes on after it.</summary>
    public int Furthest { get; set; }

    public IAsyncEnumerator<StreamEvent> Events { get; }

    public List<StreamEvent> Held { get; } = new(4);

    public FailoverLoop.Hold Hold { get; set; }

    /// <param name="cancellable">Give the attempt its own cancellation (linked to the request's), so it can be stopped alone.</param>
    public static HeldAttempt Begin<T>(IReadOnlyList<T> candidates, int index, Func<T, IAsyncEnumerable<StreamEvent>> start, bool cancellable, CancellationToken cancellationToken)
    {
        var cancellation = cancellable ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        return new HeldAttempt(index, start(candidates[index]).GetAsyncEnumerator(cancellation?.Token ?? cancellationToken), cancellation);
    }

    /// <summary>Starts the candidate and holds its events until the commit point.</summary>
    public static async ValueTask<HeldAttempt> StartAsync<T>(IReadOnlyList<T> candidates, int index, Func<T, IAsyncEnumerable<StreamEvent>> start, CommitPoint commit, CancellationToken cancellationToken)
    {
        var attempt = Begin(candidates, index, start, cancellable: false, cancellationToken);
        try
        {
            await attempt.HoldAsync(commit);
            return attempt;
        }
        catch
        {
            await attempt.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads on until <paramref name="commit"/> (again, after a race to the first token, for a whole answer).</summary>
    public async Task HoldAsync(CommitPoint commit) => Hold = await FailoverLoop.HoldUntilCommitAsync(Events, Held, commit);

    /// <summary>Hangs up on the attempt and waits for its read to stop; what it would have said is not wanted.</summary>
    public async Task AbandonAsync(Task holding)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return; // let go already (a race's loser, then the request's own end)
        }

        try
        {
            await (_cancellation?.CancelAsync() ?? Task.CompletedTask);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            await holding;
        }
        catch (Exception exception) when (exception is OperationCanceledException or GodexException or IOException or HttpRequestException)
        {
            // The hang-up itself, or a failure nobody is waiting for any more.
        }

        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await Events.DisposeAsync();
        }
        finally
        {
            _cancellation?.Dispose();
        }
    }
}
