using System.CommandLine;

using Godex.Gateway.Configuration;

namespace Godex.Commands;

/// <summary>`godex config check|print`: validate or show the configuration without starting the gateway.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Validate or print the configuration.");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Print());
        return command;
    }

    private static Command Check()
    {
        var config = new Option<string>("--config") { Description = "config file to check (default: the one serve would use)" };
        var command = new Command("check", "Validate the configuration; exit 0 when valid, 1 when not.") { config };
        command.SetAction(parse =>
        {
            try
            {
                var loaded = ConfigFiles.Load(parse.GetValue(config));
                ServeOptionsResolver.Resolve(new ServeFlags(), loaded, Environment.GetEnvironmentVariable);
                foreach (var warning in loaded.Warnings)
                {
                    Console.Error.WriteLine($"warning: {warning}");
                }

                Console.Error.WriteLine($"{loaded.Source}: valid ({loaded.Providers.Count} provider(s)).");
                return 0;
            }
            catch (ConfigException exception)
            {
                Console.Error.WriteLine($"godex: invalid configuration: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Print()
    {
        var config = new Option<string>("--config") { Description = "config file (default: the one serve would use)" };
        var command = new Command("print", "Print the effective configuration (environment applied) with secrets redacted.") { config };
        command.SetAction(parse =>
        {
            try
            {
                var options = ServeOptionsResolver.Resolve(new ServeFlags(), ConfigFiles.Load(parse.GetValue(config)), Environment.GetEnvironmentVariable);
                Console.Out.Write(ConfigPrinter.Print(options));
                return 0;
            }
            catch (ConfigException exception)
            {
                Console.Error.WriteLine($"godex: invalid configuration: {exception.Message}");
                return 1;
            }
        });
        return command;
    }
}
