using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Routing;

/// <summary>
/// The one model list every listing endpoint serves: configured models, then aliases, then discovered
/// models. A configured name two providers share is listed once bare and again as provider/model. A
/// discovered model is listed bare when routing that bare name reaches the same provider and model,
/// otherwise as provider/model, which always routes there; so every listed id can be sent back as is.
/// </summary>
public sealed class ModelListing(LiveRouting live)
{
    public async Task<IReadOnlyList<ListedModel>> ListAsync(CancellationToken cancellationToken)
    {
        var gateway = live.Current;
        return Merge(await gateway.Catalogue.GetAsync(cancellationToken), gateway.Config.Routing, gateway.Router);
    }

    public static List<ListedModel> Merge(IReadOnlyList<ProviderModels> providers, RoutingConfig routing, Router router)
    {
        var entries = new List<ListedModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var offer in providers)
        {
            var provider = offer.Provider;
            foreach (var model in provider.Models)
            {
                var id = seen.Add(model) ? model : $"{provider.Name}/{model}";
                entries.Add(new ListedModel(id, provider.Name, model, ModelOrigin.Configured, offer.Find(model), provider.Spec));
            }
        }

        foreach (var (alias, target) in routing.Aliases)
        {
            if (alias != "*" && seen.Add(alias))
            {
                var split = target.IndexOf('/', StringComparison.Ordinal);
                var owner = target[..split];
                var spec = providers.FirstOrDefault(offer => offer.Provider.Name == owner)?.Provider.Spec;
                entries.Add(new ListedModel(alias, owner, target[(split + 1)..], ModelOrigin.Alias, null, spec));
            }
        }

        foreach (var offer in providers)
        {
            var provider = offer.Provider;
            var listed = new HashSet<string>(provider.Models, StringComparer.Ordinal);
            foreach (var model in offer.Discovered)
            {
                if (!listed.Add(model.Id))
                {
                    continue; // configured already, or listed twice by the upstream
                }

                var bare = RoutesTo(router, model.Id, provider.Name) && seen.Add(model.Id);
                var id = bare ? model.Id : $"{provider.Name}/{model.Id}";
                if (bare || seen.Add(id))
                {
                    entries.Add(new ListedModel(id, provider.Name, model.Id, ModelOrigin.Discovered, model, provider.Spec));
                }
            }
        }

        return entries;
    }

    /// <summary>Whether a client sending this bare name would reach this provider with the same model.</summary>
    private static bool RoutesTo(Router router, string model, string provider)
    {
        try
        {
            var route = router.Resolve(model);
            return route.Provider.Name == provider && route.UpstreamModel == model;
        }
        catch (GodexException)
        {
            return false;
        }
    }
}
