namespace Godex.Gateway.Reliability;

/// <summary>
/// Told when a member's state changes: taken out by a failure (or its time out extended), back after a
/// success, disabled or enabled by the operator. Called on the request path that caused it, outside any
/// lock: an implementation must return at once (the admin API's event broadcast only queues).
/// </summary>
public interface IMemberStateListener
{
    void StateChanged(PoolMember member, HealthSnapshot state, string cause);
}
