using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Configuration;

/// <summary>The log level names users type (`warn`, `info`) mapped to .NET's.</summary>
public static class LogLevels
{
    public const string Names = "trace, debug, info, warn, error, none";

    public static bool TryParse(string text, out LogLevel level)
    {
        level = text.Trim().ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "none" or "off" => LogLevel.None,
            _ => (LogLevel)(-1),
        };
        return level >= 0;
    }
}
