using Godex.Gateway.Common;
using Godex.Gateway.Configuration;

namespace Godex.Gateway.Reliability;

/// <summary>One ordering of a pool: its members to try, and whether every one was out (panic mode).</summary>
public readonly record struct PoolOrder(IReadOnlyList<PoolMember> Members, bool Panicking);

/// <summary>
/// A provider's members, ordered per request by the strategy. Members cooling down, unhealthy, parked
/// for quota or being probed by another request are left out; a member whose time out is over goes
/// first as this request's recovery probe. When every member is out, all are tried, the one that failed
/// longest ago first and the parked ones last (panic mode: a pool never ejects all of its members).
/// A provider without a pool is a pool of one, so a plan can try its fallbacks first while it is out.
/// Members the operator disabled are left out of every ordering; with all of them disabled it is empty.
/// </summary>
public sealed class ProviderPool(string name, IReadOnlyList<PoolMember> members)
{
    private readonly Lock _gate = new();
    private long _turn;

    public string Name { get; } = name;

    public IReadOnlyList<PoolMember> Members { get; } = members;

    /// <summary>Set when the last ordering found every member out.</summary>
    public bool Panicking { get; private set; }

    public PoolOrder Order(PoolStrategy strategy)
    {
        if (Members.Count == 1)
        {
            // Nothing to balance: the member list itself, with nothing allocated.
            if (Members[0].Disabled)
            {
                return new PoolOrder([], Panicking: false);
            }

            var alone = Members[0].Health.Admit() == Admission.Skip;
            if (Panicking != alone)
            {
                Panicking = alone; // written only on a change: every request of every caller passes here
            }

            return new PoolOrder(Members, alone);
        }

        var ready = new List<PoolMember>(Members.Count);
        List<PoolMember>? probes = null;
        var enabled = 0;
        foreach (var member in Members)
        {
            if (member.Disabled)
            {
                continue; // the operator's word: not even panic mode tries it
            }

            enabled++;
            switch (member.Health.Admit())
            {
                case Admission.Ready:
                    ready.Add(member);
                    break;
                case Admission.Probe:
                    (probes ??= new List<PoolMember>(1)).Add(member);
                    break;
            }
        }

        Panicking = ready.Count == 0 && probes is null && enabled > 0;
        if (Panicking)
        {
            ready.AddRange(enabled == Members.Count ? Members : Members.Where(static member => !member.Disabled));
            ready.Sort(PanicOrder);
            return new PoolOrder(ready, Panicking: true);
        }

        if (ready.Count > 0)
        {
            Balance(ready, strategy);
        }

        if (probes is not null)
        {
            ready.InsertRange(0, probes); // a probe that is not tried would hold the member out until its claim lapses
        }

        return new PoolOrder(ready, Panicking: false);
    }

    private void Balance(List<PoolMember> ready, PoolStrategy strategy)
    {
        lock (_gate)
        {
            var turn = _turn++;
            switch (strategy)
            {
                case PoolStrategy.RoundRobin:
                    ListRotation.RotateLeft(ready, (int)(turn % ready.Count));
                    break;
                case PoolStrategy.LeastBusy:
                    ListRotation.RotateLeft(ready, (int)(turn % ready.Count)); // equal loads take turns
                    ready.Sort(static (a, b) => a.InFlight.CompareTo(b.InFlight));
                    break;
                case PoolStrategy.Latency:
                    PowerOfTwo(ready, turn);
                    break;
                default:
                    SmoothWeighted(ready);
                    break;
            }
        }
    }

    /// <summary>Panic mode's order: parked members last (their quota is known to be spent), then the one that failed longest ago first.</summary>
    private static int PanicOrder(PoolMember a, PoolMember b)
    {
        var parked = a.Health.Parked.CompareTo(b.Health.Parked);
        return parked != 0 ? parked : a.Health.LastFailureTicks.CompareTo(b.Health.LastFailureTicks);
    }

    /// <summary>nginx's smooth weighted round-robin: weights 1:2 give a, b, b, a, b, b... without bursts.</summary>
    private static void SmoothWeighted(List<PoolMember> ready)
    {
        var total = 0L;
        PoolMember? best = null;
        foreach (var member in ready)
        {
            member.Score += member.Weight;
            total += member.Weight;
            if (best is null || member.Score > best.Score)
            {
                best = member;
            }
        }

        best!.Score -= total;
        ready.Remove(best);
        ready.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        ready.Insert(0, best);
    }

    /// <summary>Two members picked by turn, the faster first (an unmeasured one counts as fastest, so it gets measured); the rest by speed.</summary>
    private static void PowerOfTwo(List<PoolMember> ready, long turn)
    {
        var first = ready[(int)(turn % ready.Count)];
        var second = ready[(int)((turn * 7 + 3) % ready.Count)];
        var pick = second.Latency < first.Latency ? second : first;
        ready.Remove(pick);
        ready.Sort(static (a, b) => a.Latency.CompareTo(b.Latency));
        ready.Insert(0, pick);
    }
}
