namespace Godex.Gateway.Configuration;

/// <summary>An invalid configuration: the message names the file, line and key.</summary>
public sealed class ConfigException(string message) : Exception(message)
{
    public static ConfigException At(string file, YamlDotNet.Core.Mark mark, string key, string problem) =>
        new($"{file}:{mark.Line}:{mark.Column}: '{key}': {problem}");
}
