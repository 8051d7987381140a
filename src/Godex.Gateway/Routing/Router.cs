using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Wire;

namespace Godex.Gateway.Routing;

/// <summary>
/// Resolves a requested model to a provider, first rule that matches wins:
/// `provider/model`, alias, a provider's model list, a provider's name patterns, the default provider.
/// </summary>
public sealed partial class Router
{
    private readonly ProviderRegistry _registry;
    private readonly RoutingConfig _routing;
    private readonly IReadOnlyDictionary<string, ProviderConfig> _configured;
    private readonly string? _defaultProvider;
    private long _aliasTurn = -1;

    private readonly ProviderPools _pools;
    private readonly Dictionary<string, Failover.HedgeDelay> _hedges;

    public Router(ProviderRegistry registry, GodexConfig config, ProviderPools? pools = null)
    {
        _registry = registry;
        _pools = pools ?? new ProviderPools(registry, config, TimeProvider.System);
        _routing = config.Routing;
        _configured = config.Providers;
        _hedges = config.Routing.Hedges.ToDictionary(entry => entry.Key, entry => new Failover.HedgeDelay(entry.Value), StringComparer.Ordinal);
        _defaultProvider = config.Routing.Default ?? (config.Providers.Count == 1 ? config.Providers.Keys.First() : null);
    }

    public Route Resolve(string model)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && Lookup(model[..slash]) is { } named)
        {
            return new Route(named, model[(slash + 1)..], RouteReason.ExplicitProvider);
        }

        if (_routing.Aliases.TryGetValue(model, out var target))
        {
            var split = target.IndexOf('/', StringComparison.Ordinal);
            return new Route(Require(target[..split], model), target[(split + 1)..], RouteReason.Alias);
        }

        foreach (var provider in _registry.All)
        {
            if (provider.Models.Contains(model, StringComparer.Ordinal))
            {
                return new Route(provider, model, RouteReason.ModelList);
            }
        }

        foreach (var skipped in _registry.Skipped)
        {
            // A model a skipped provider lists must not quietly go to the default provider instead.
            if (_configured.TryGetValue(skipped.Name, out var configured) && configured.Models.Contains(model, StringComparer.Ordinal))
            {
                throw Unavailable(skipped);
            }
        }

        foreach (var (name, patterns) in _routing.Patterns)
        {
            foreach (var pattern in patterns)
            {
                if (ModelPattern.Matches(pattern, model))
                {
                    return new Route(Require(name, model), model, RouteReason.Pattern);
                }
            }
        }

        // A '*' alias catches every model nothing else matched: '*: provider/model', or 'provider/*' to keep the name.
        if (_routing.Aliases.TryGetValue("*", out var catchAll))
        {
            var split = catchAll.IndexOf('/', StringComparison.Ordinal);
            var catchAllModel = catchAll[(split + 1)..];
            return new Route(Require(catchAll[..split], model), catchAllModel == "*" ? model : catchAllModel, RouteReason.Alias);
        }

        if (_defaultProvider is not null)
        {
            var fallback = Require(_defaultProvider, model);
            if (fallback.ServesAnyModel)
            {
                return new Route(fallback, model, RouteReason.Default);
            }
        }

        throw new GodexException(new GodexError(404, "routing.model_not_found",
            $"The model '{model}' does not exist or is not served by any configured provider. GET /v1/models lists the models and aliases; 'provider/model' picks a provider explicitly.")
        { Param = "model" });
    }

    /// <summary>The client named the provider (header or path): use it, with the model as given (its own prefix removed).</summary>
    public Route ResolveOn(string provider, string model)
    {
        var named = Lookup(provider) ?? throw new GodexException(new GodexError(404, "routing.provider_not_found",
            $"Provider '{provider}' (from the Model-Provider header or the /{provider}/ path) is not configured. GET /health lists the providers.")
        { Param = "model" });
        var upstreamModel = model.StartsWith(provider + "/", StringComparison.Ordinal) ? model[(provider.Length + 1)..] : model;
        return new Route(named, upstreamModel, RouteReason.ExplicitProvider);
    }

    private IProvider? Lookup(string name)
    {
        if (_registry.FindSkipped(name) is { } skipped)
        {
            throw Unavailable(skipped);
        }

        return _registry.Find(name);
    }

    internal IProvider Require(string name, string model) =>
        Lookup(name) ?? throw new GodexException(new GodexError(404, "routing.model_not_found", $"The model '{model}' routes to provider '{name}', which is not configured.") { Param = "model" });

    private static GodexException Unavailable(SkippedProvider skipped) =>
        new(new GodexError(503, "provider.skipped", $"Provider '{skipped.Name}' is not available: {skipped.Reason}. Set it and restart Godex."));
}
