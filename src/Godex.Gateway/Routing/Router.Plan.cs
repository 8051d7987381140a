using Godex.Gateway.Common;
using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Routing;

/// <summary>
/// The plan: the first choice (the client's pick of provider, a pooled alias's targets, or the rule
/// that matches), then each `routing.fallbacks` entry for it, every one expanded into its provider's
/// members in the strategy's order. A choice whose members are all out (cooling down, unhealthy,
/// parked) goes after the others, never out of the plan; `on: context_window` targets come last, as
/// the attempt runner tries them only for that failure. With `routing.retries.max_attempts`, a choice's
/// members are cycled until that many attempts; without it each member is tried once.
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
        var plan = new PlanParts(candidates);
        Expand(choices, ref plan);
        if (_routing.Fallbacks.Count > 0 && Fallbacks(model, choices[0]) is { } fallbacks)
        {
            foreach (var fallback in fallbacks)
            {
                Expand([fallback], ref plan);
            }
        }

        plan.Finish();
        if (candidates.Count == 0)
        {
            var disabled = string.Join(", ", choices.Select(choice => choice.Provider.Name).Distinct());
            throw new GodexException(new GodexError(503, "provider.disabled",
                $"Every provider that could serve '{model}' is disabled by the operator ({disabled}); enable one with POST /admin/api/providers/{{name}}/enable."));
        }

        var hedge = providerOverride is null && candidates.Count > 1 && _hedges.Count > 0 ? _hedges.GetValueOrDefault(model) : null;
        return new RoutePlan(model, candidates) { Hedge = hedge };
    }

    /// <summary>
    /// A choice's members in order into the plan; a pooled alias's targets share one attempt budget,
    /// balanced like one pool, its targets that are out after the rest.
    /// </summary>
    private void Expand(List<Route> choice, ref PlanParts plan)
    {
        var members = new List<Route>(choice.Count);
        List<Route>? outMembers = null;
        foreach (var route in choice)
        {
            if (_pools.Find(route.Provider.Name) is not { } pool)
            {
                members.Add(route);
                continue;
            }

            var order = pool.Order(_routing.Strategy);
            var into = order.Panicking ? outMembers ??= [] : members;
            foreach (var member in order.Members)
            {
                into.Add(route with { Provider = member.Provider, Member = member });
            }
        }

        if (choice.Count > 1 && members.Count > 1)
        {
            // The alias's targets are themselves a pool: take turns at which goes first.
            ListRotation.RotateLeft(members, (int)(Interlocked.Increment(ref _aliasTurn) % members.Count));
        }

        var allOut = members.Count == 0;
        if (outMembers is not null)
        {
            members.AddRange(outMembers);
        }

        if (members.Count == 0)
        {
            return; // every member is disabled by the operator: the choice is not in the plan
        }

        var target = plan.For(members[0].Reason, allOut);
        var attempts = _routing.Retries.MaxAttempts ?? members.Count;
        for (var i = 0; i < attempts; i++)
        {
            target.Add(members[i % members.Count]);
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
            var reason = target.On == FallbackOn.ContextWindow ? RouteReason.ContextWindowFallback : RouteReason.Fallback;
            var split = target.To.IndexOf('/', StringComparison.Ordinal);
            routes.Add(split < 0
                ? new Route(Require(target.To, model), first.UpstreamModel, reason)
                : new Route(Require(target.To[..split], model), target.To[(split + 1)..], reason));
        }

        return routes;
    }

    /// <summary>
    /// Where each choice's candidates go: straight into the plan, or (rarely, so made only when needed)
    /// held for after it: choices that are all out, then context-window targets, those that are out last.
    /// </summary>
    private struct PlanParts(List<Route> candidates)
    {
        private List<Route>? _out;
        private List<Route>? _contextWindow;
        private List<Route>? _contextWindowOut;

        public List<Route> For(RouteReason reason, bool allOut) => reason == RouteReason.ContextWindowFallback
            ? allOut ? _contextWindowOut ??= [] : _contextWindow ??= []
            : allOut ? _out ??= [] : candidates;

        public readonly void Finish()
        {
            foreach (var held in (ReadOnlySpan<List<Route>?>)[_out, _contextWindow, _contextWindowOut])
            {
                if (held is not null)
                {
                    candidates.AddRange(held);
                }
            }
        }
    }
}
