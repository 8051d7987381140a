namespace Godex.Gateway.Routing;

/// <summary>The <see cref="RoutingState"/> new requests use; a config reload swaps it in one step.</summary>
public sealed class LiveRouting(RoutingState initial)
{
    private RoutingState _current = initial;
    private int _generation = 1;

    public RoutingState Current => Volatile.Read(ref _current);

    /// <summary>1 for the configuration the gateway started with, one more for each reload.</summary>
    public int Generation => Volatile.Read(ref _generation);

    internal void Swap(RoutingState next)
    {
        Volatile.Write(ref _current, next);
        Interlocked.Increment(ref _generation);
    }
}
