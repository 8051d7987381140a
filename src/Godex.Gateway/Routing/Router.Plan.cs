using Godex.Gateway.Configuration;
using Godex.Gateway.Reliability;

namespace Godex.Gateway.Routing;

/// <summary>
/// The plan: the first choice (the client's pick of provider, a pooled alias's targets, or the rule
/// that matches), then each `routing.fallbacks` entry for it, every one expanded into its provider's
/// pool members in the strategy's order. With `routing.retries.max_attempts`, a choice's members are
/// cycled until that many attempts; without it each member is tried once.
/// </summary>
public sealed partial class Router
{
    public RoutePlan Plan(string model, string? providerOverride)
    {
        var choices = new List<Route>(2);
        if (providerOverride is not null)
        {
            choices.Add(ResolveOn(providerOverride, model));
        }
        else if (_routing.AliasPools.TryGetValue(model, out var targets))
        {
            foreach (var target in targets)
            {
                var split = target.IndexOf('/', StringComparison.Ordinal);
                choices.Add(new Route(Require(target[..split], model), target[(split + 1)..], RouteReason.Alias));
            }
        }
        else
        {
            choices.Add(Resolve(model));
        }

        var candidates = new List<Route>(choices.Count);
        Expand(choices, candidates);
        if (_routing.Fallbacks.Count > 0 && Fallbacks(model, choices[0]) is { } fallbacks)
        {
            foreach (var fallback in fallbacks)
            {
                Expand([fallback], candidates);
            }
        }

        return new RoutePlan(model, candidates);
    }

    /// <summary>A choice's members in order; a pooled alias's targets share one attempt budget, balanced like one pool.</summary>
    private void Expand(List<Route> choice, List<Route> candidates)
    {
        var members = new List<Route>();
        foreach (var route in choice)
        {
            if (_pools.Find(route.Provider.Name) is not { } pool)
            {
                members.Add(route);
                continue;
            }

            foreach (var member in pool.Order(_routing.Strategy))
            {
                members.Add(route with { Provider = member.Provider, Member = member });
            }
        }

        if (choice.Count > 1)
        {
            // The alias's targets are themselves a pool: take turns at which goes first.
            var start = (int)(Interlocked.Increment(ref _aliasTurn) % members.Count);
            members = [.. members.Skip(start), .. members.Take(start)];
        }

        var attempts = _routing.Retries.MaxAttempts ?? members.Count;
        for (var i = 0; i < attempts; i++)
        {
            candidates.Add(members[i % members.Count]);
        }
    }

    /// <summary>The first `routing.fallbacks` entry for the request: its alias, then the first choice's provider/model, then a glob over that.</summary>
    private List<Route>? Fallbacks(string model, Route first)
    {
        var qualified = $"{first.Provider.Name}/{first.UpstreamModel}";
        if (!_routing.Fallbacks.TryGetValue(model, out var targets) && !_routing.Fallbacks.TryGetValue(qualified, out targets))
        {
            foreach (var (pattern, values) in _routing.Fallbacks)
            {
                if (pattern.Contains('*', StringComparison.Ordinal) && ModelPattern.Matches(pattern, qualified))
                {
                    targets = values;
                    break;
                }
            }
        }

        if (targets is null)
        {
            return null;
        }

        var routes = new List<Route>(targets.Count);
        foreach (var target in targets)
        {
            var split = target.IndexOf('/', StringComparison.Ordinal);
            routes.Add(split < 0
                ? new Route(Require(target, model), first.UpstreamModel, RouteReason.Fallback)
                : new Route(Require(target[..split], model), target[(split + 1)..], RouteReason.Fallback));
        }

        return routes;
    }
}
