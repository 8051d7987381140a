using Godex.Gateway.Configuration;

namespace Godex.Gateway.Reliability;

/// <summary>
/// A provider's members, ordered per request by the strategy. Members cooling down are left out; when
/// every member is cooling down, all are tried, the one that failed longest ago first (panic mode: a
/// pool never ejects all of its members).
/// </summary>
public sealed class ProviderPool(string name, IReadOnlyList<PoolMember> members)
{
    private readonly Lock _gate = new();
    private long _turn;

    public string Name { get; } = name;

    public IReadOnlyList<PoolMember> Members { get; } = members;

    /// <summary>Set when the last ordering found every member cooling down.</summary>
    public bool Panicking { get; private set; }

    public IReadOnlyList<PoolMember> Order(PoolStrategy strategy)
    {
        var ready = new List<PoolMember>(Members.Count);
        foreach (var member in Members)
        {
            if (member.Health.CoolingUntil is null)
            {
                ready.Add(member);
            }
        }

        Panicking = ready.Count == 0;
        if (Panicking)
        {
            ready.AddRange(Members);
            ready.Sort(static (a, b) => Nullable.Compare(a.Health.LastFailure, b.Health.LastFailure));
            return ready;
        }

        lock (_gate)
        {
            var turn = _turn++;
            switch (strategy)
            {
                case PoolStrategy.RoundRobin:
                    Rotate(ready, (int)(turn % ready.Count));
                    break;
                case PoolStrategy.LeastBusy:
                    Rotate(ready, (int)(turn % ready.Count)); // equal loads take turns
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

        return ready;
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

    private static void Rotate(List<PoolMember> ready, int start)
    {
        if (start == 0)
        {
            return;
        }

        var head = ready.GetRange(0, start);
        ready.RemoveRange(0, start);
        ready.AddRange(head);
    }
}
