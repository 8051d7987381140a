using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>Loads YAML text as godex.yaml with a fixed set of environment variables.</summary>
internal static class Yaml
{
    public const string File = "godex.yaml";

    public static ConfigLoader Loader(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(variable => variable.Name, variable => variable.Value);
        return new ConfigLoader(name => environment.GetValueOrDefault(name));
    }

    public static GodexConfig Load(string yaml, params (string Name, string Value)[] variables) =>
        Loader(variables).Load(yaml, File);

    /// <summary>The message of the <see cref="ConfigException"/> loading the YAML must throw.</summary>
    public static string Error(string yaml, params (string Name, string Value)[] variables) =>
        Assert.Throws<ConfigException>(() => Load(yaml, variables)).Message;
}
