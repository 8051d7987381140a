using Godex.Gateway.Configuration;

namespace Godex.Commands;

/// <summary>Finds and loads the configuration the way every command does: --config, ./godex.yaml, ~/.config/godex/config.yaml, embedded defaults.</summary>
internal static class ConfigFiles
{
    public static GodexConfig Load(string? explicitPath)
    {
        var path = ConfigLoader.Locate(explicitPath);
        return path is null ? EmbeddedDefaults.Config : ConfigLoader.FromProcess().LoadFile(path);
    }
}
