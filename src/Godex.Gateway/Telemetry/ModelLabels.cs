using System.Collections.Frozen;

using Godex.Gateway.Routing;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// The `model` label of a request's metrics. The model is the client's to choose, and every distinct
/// label value is a series held in memory and written at each scrape, so only names the gateway knows
/// are labels: each provider's configured (or preset) models, bare and as `provider/model`, the aliases,
/// the default model, and the models discovery has listed (so a name routed by a pattern such as
/// `deepseek-*` is labelled once its upstream's list includes it). Anything else is
/// <see cref="Other"/>; no model at all is <see cref="None"/>. Metrics never ask an upstream for its
/// list: they use what model listing (/v1/models, Codex's catalogue, `godex models`) last found.
/// </summary>
public sealed class ModelLabels(LiveRouting live)
{
    public const string Other = "other";
    public const string None = "none";

    /// <summary>The most discovered models of one provider that get labels of their own (a list longer than this is an upstream's catalogue, not a deployment's models).</summary>
    public const int MaxDiscoveredPerProvider = 2000;

    private Known? _known;

    public string For(string? requested)
    {
        if (requested is null)
        {
            return None;
        }

        return Current().Labels.TryGetValue(requested, out var label) ? label : Other;
    }

    /// <summary>The names for the routing in force and the discovered lists as they are; rebuilt only when either changes.</summary>
    private Known Current()
    {
        var state = live.Current;
        var generation = state.Catalogue.Generation;
        var known = Volatile.Read(ref _known);
        if (known is not null && ReferenceEquals(known.State, state) && known.Generation == generation)
        {
            return known;
        }

        known = new Known(state, generation, Build(state));
        Volatile.Write(ref _known, known);
        return known;
    }

    private static FrozenDictionary<string, string> Build(RoutingState state)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name)
        {
            if (name.Length is > 0 and <= LabelValues.MaxLength && name != "*")
            {
                labels.TryAdd(name, LabelValues.Clean(name));
            }
        }

        foreach (var (provider, settings) in state.Config.Providers)
        {
            foreach (var model in settings.Models)
            {
                Add(model);
                Add($"{provider}/{model}");
            }
        }

        foreach (var provider in state.Registry.All)
        {
            foreach (var model in provider.Models)
            {
                Add(model);
                Add($"{provider.Name}/{model}");
            }
        }

        var routing = state.Config.Routing;
        foreach (var alias in routing.Aliases.Keys.Concat(routing.AliasPools.Keys).Concat(routing.Hedges.Keys))
        {
            Add(alias);
        }

        if (state.Options.DefaultModel is { } fallback)
        {
            Add(fallback);
        }

        foreach (var offer in state.Catalogue.Current)
        {
            foreach (var model in offer.Discovered.Take(MaxDiscoveredPerProvider))
            {
                Add(model.Id);
                Add($"{offer.Provider.Name}/{model.Id}");
            }
        }

        return labels.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Known(RoutingState State, int Generation, FrozenDictionary<string, string> Labels);
}
