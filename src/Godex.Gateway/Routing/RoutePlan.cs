namespace Godex.Gateway.Routing;

/// <summary>
/// Where a request may go, in the order to try: the candidates the attempt runner works through until
/// one answers. A routing rule gives one today; a pool of keys or endpoints gives several.
/// </summary>
public sealed record RoutePlan(string RequestedModel, IReadOnlyList<Route> Candidates)
{
    public Route First => Candidates[0];

    /// <summary>When a late first token sends a second attempt to the next candidate (the alias's hedging), or null.</summary>
    public Failover.HedgeDelay? Hedge { get; init; }

    /// <summary>
    /// Only one provider's candidates: a conversation that provider holds (a stateful Responses turn)
    /// cannot continue anywhere else. When the plan has none of that provider's, it is left as it is.
    /// </summary>
    public RoutePlan KeepOnly(string provider)
    {
        var kept = Candidates.Where(candidate => candidate.Provider.Name == provider).ToArray();
        return kept.Length == 0 || kept.Length == Candidates.Count ? this : this with { Candidates = kept, Hedge = kept.Length > 1 ? Hedge : null };
    }
}
