using System.CommandLine;

using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;
using Godex.Gateway.Providers;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Godex.Commands;

/// <summary>`godex models`: what each configured provider offers, which are skipped and why, and the aliases.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "config file (default: the one serve would use)" };
        var command = new Command("models", "List each provider's models, skipped providers with the reason, and aliases.") { config };
        command.SetAction(async parse =>
        {
            try
            {
                var options = ServeOptionsResolver.Resolve(new ServeFlags(), ConfigFiles.Load(parse.GetValue(config)), Environment.GetEnvironmentVariable);
                var services = new ServiceCollection();
                services.AddLogging(logging => logging.AddFilter(_ => false));
                services.AddGodexGateway(options);
                await using var provider = services.BuildServiceProvider();
                var registry = provider.GetRequiredService<ProviderRegistry>();
                foreach (var entry in registry.All)
                {
                    Console.WriteLine($"{entry.Name} ({entry.Type}, {entry.Spec.Family})");
                    foreach (var model in entry.Models)
                    {
                        Console.WriteLine($"  {model}");
                    }

                    if (entry.ServesAnyModel)
                    {
                        Console.WriteLine(entry.Models.Count == 0 ? "  (any model the upstream serves)" : "  (and any other model the upstream serves)");
                    }
                }

                foreach (var skipped in registry.Skipped)
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
}
