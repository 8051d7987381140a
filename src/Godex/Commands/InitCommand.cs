using System.CommandLine;

using Godex.Gateway.Configuration;

namespace Godex.Commands;

/// <summary>`godex init`: writes a commented godex.yaml; never overwrites without --force.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var path = new Option<string>("--path") { Description = "where to write (default ./godex.yaml)", DefaultValueFactory = _ => "godex.yaml" };
        var force = new Option<bool>("--force") { Description = "overwrite an existing file" };
        var command = new Command("init", "Write a commented godex.yaml template.") { path, force };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(path)!;
            if (File.Exists(target) && !parse.GetValue(force))
            {
                Console.Error.WriteLine($"godex: {target} already exists; use --force to overwrite it.");
                return 1;
            }

            File.WriteAllText(target, ConfigTemplate.Text);
            Console.Error.WriteLine($"Wrote {target}. Check it with: godex config check --config {target}");
            return 0;
        });
        return command;
    }
}
