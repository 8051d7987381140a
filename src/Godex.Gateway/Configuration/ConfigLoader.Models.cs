
using Godex.Gateway.Common;

using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>The `models` section of godex.yaml: discovery timing and Codex's instructions.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] ModelsKeys = ["discovery_ttl", "discovery_timeout", "codex_instructions_file"];

    private ModelsConfig ReadModels(YamlMappingNode root)
    {
        if (Child(root, "models") is not { } node)
        {
            return new ModelsConfig();
        }

        var map = Mapping(node, "models");
        CheckKeys(map, ModelsKeys, "models.");
        var defaults = new ModelsConfig();
        var file = OptionalString(map, "codex_instructions_file", "models");
        return new ModelsConfig
        {
            DiscoveryTtl = Duration(map, "discovery_ttl", "models") ?? defaults.DiscoveryTtl,
            DiscoveryTimeout = Duration(map, "discovery_timeout", "models") ?? defaults.DiscoveryTimeout,
            CodexInstructionsFile = file,
            CodexInstructions = file is null ? null : ReadText(Child(map, "codex_instructions_file")!, "models.codex_instructions_file", file),
        };
    }

    /// <param name="section">The key's parent (`models`), or "" at the top level.</param>
    private TimeSpan? Duration(YamlMappingNode map, string name, string section)
    {
        var text = OptionalString(map, name, section.Length > 0 ? section : null);
        if (text is null)
        {
            return null;
        }

        return Durations.TryParse(text, out var duration)
            ? duration
            : throw Error(Child(map, name)!, section.Length > 0 ? section + "." + name : name, $"'{text}' is not a duration (e.g. 30s, 5m, 1h, or a number of seconds).");
    }

    /// <summary>A file's text, its path taken relative to the config file's folder.</summary>
    private string ReadText(YamlNode node, string key, string path)
    {
        var full = RelativeToConfig(path);
        try
        {
            var text = File.ReadAllText(full);
            return text.Trim().Length > 0 ? text : throw Error(node, key, $"'{full}' is empty; Codex would run with no system prompt.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Error(node, key, $"cannot read '{full}': {exception.Message}");
        }
    }

    /// <summary>A path as written in the config, taken relative to the config file's folder.</summary>
    private string RelativeToConfig(string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_file)) ?? "", path);
}
