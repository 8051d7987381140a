using System.CommandLine;

using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;
using Godex.Gateway.Providers;
using Godex.Gateway.Routing;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Godex.Commands;

/// <summary>
/// `godex models`: per provider, the models it offers (its own list and what its upstream lists now,
/// each marked), providers whose login cannot be used or whose discovery failed and why, skipped
/// providers and why, and the aliases.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "config file (default: the one serve would use)" };
        var offline = new Option<bool>("--no-discovery") { Description = "do not ask the upstreams for their model lists" };
        var command = new Command("models", "List each provider's models (configured and discovered), failed discoveries and skipped providers with the reason, and aliases.") { config, offline };
        command.SetAction(async parse =>
        {
            try
            {
                var options = ServeOptionsResolver.Resolve(new ServeFlags(), ConfigFiles.Load(parse.GetValue(config)), Environment.GetEnvironmentVariable);
                var services = new ServiceCollection();
                services.AddLogging(logging => logging.AddFilter(_ => false));
                services.AddGodexGateway(options);
                await using var provider = services.BuildServiceProvider();
                var gateway = provider.GetRequiredService<LiveRouting>().Current;
                var catalogue = gateway.Catalogue;
                var offers = parse.GetValue(offline) ? catalogue.Current : await catalogue.RefreshAsync(CancellationToken.None);
                var listed = ModelListing.Merge(offers, options.Config.Routing, gateway.Router);
                foreach (var offer in offers)
                {
                    Print(offer, options.Config, listed, parse.GetValue(offline));
                }

                foreach (var skipped in gateway.Registry.Skipped)
                {
                    Console.WriteLine($"{skipped.Name} ({skipped.Type}): skipped, {skipped.Reason}");
                }

                foreach (var (alias, target) in options.Config.Routing.Aliases)
                {
                    Console.WriteLine($"alias {alias} -> {target}");
                }

                return 0;
            }
            catch (ConfigException exception)
            {
                await Console.Error.WriteLineAsync($"godex: invalid configuration: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Print(ProviderModels offer, GodexConfig config, List<ListedModel> listed, bool offline)
    {
        var entry = offer.Provider;
        Console.WriteLine(entry.UnavailableReason is { } reason
            ? $"{entry.Name} ({entry.Type}, {entry.Spec.Family}): unavailable, {reason}"
            : $"{entry.Name} ({entry.Type}, {entry.Spec.Family})");
        var configured = config.Providers.TryGetValue(entry.Name, out var fromFile) ? fromFile.Models : [];
        foreach (var model in entry.Models)
        {
            var origin = !entry.ServesAnyModel ? "built in" : configured.Contains(model, StringComparer.Ordinal) ? "configured" : "preset default";
            Console.WriteLine(Line(model, offer.Find(model) is null ? origin : origin + ", discovered", entry.Name, ModelOrigin.Configured, listed));
        }

        foreach (var model in offer.Discovered.Where(model => !entry.Models.Contains(model.Id, StringComparer.Ordinal)))
        {
            Console.WriteLine(Line(model.Id, "discovered", entry.Name, ModelOrigin.Discovered, listed));
        }

        if (offer.Error is { } error)
        {
            Console.WriteLine($"  discovery failed: {error}" + (offer.DiscoveredAt is null ? "" : " (last good list shown)"));
        }
        else if (entry.ServesAnyModel && !offer.Discovers)
        {
            Console.WriteLine("  (discovery off: discover_models is false)");
        }
        else if (offer.Discovers && offline)
        {
            Console.WriteLine("  (discovery not asked: --no-discovery)");
        }

        if (entry.ServesAnyModel)
        {
            Console.WriteLine(entry.Models.Count + offer.Discovered.Count == 0 ? "  (any model the upstream serves)" : "  (and any other model the upstream serves)");
        }
    }

    /// <summary>A model, where it came from, and the id a client sends when that is not the bare name.</summary>
    private static string Line(string model, string origin, string provider, ModelOrigin kind, List<ListedModel> listed)
    {
        var id = listed.FirstOrDefault(entry => entry.Provider == provider && entry.UpstreamModel == model && entry.Origin == kind)?.Id ?? model;
        return $"  {model,-32} {origin}" + (id == model ? "" : $" (send as {id})");
    }
}
