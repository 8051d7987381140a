using System.Reflection;

namespace Godex.Gateway.Common;

public static class GodexVersion
{
    /// <summary>The informational version without the source-revision suffix.</summary>
    public static readonly string Current = Read();

    private static string Read()
    {
        var version = typeof(GodexVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
