using Godex.Gateway.Configuration;

namespace Godex.Gateway.Admin;

/// <summary>
/// Settings a reload cannot apply to a running process: what Kestrel, storage, telemetry and the client
/// keys were built with at start-up. A reload that changes them says so and leaves them as they were.
/// </summary>
public static class RestartOnlySettings
{
    private static readonly (string Name, Func<ServeOptions, string?> Value)[] Settings =
    [
        ("listen", options => options.Listen.ToString()),
        ("keys", options => string.Join('\n', options.ApiKeys)),
        ("allow_any_key", options => options.AllowAnyKey ? "on" : "off"),
        ("log_level", options => options.LogLevel.ToString()),
        ("log_requests", options => options.LogRequests ? "on" : "off"),
        ("log_format", options => options.Config.LogFormat),
        ("limits.max_body_bytes", options => options.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("limits.max_json_depth", options => options.Config.Limits.MaxJsonDepth?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("limits.max_tools", options => options.Config.Limits.MaxTools?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("limits.max_messages", options => options.Config.Limits.MaxMessages?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("limits.max_header_bytes", options => options.Config.Limits.MaxHeaderBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("limits.max_headers", options => options.Config.Limits.MaxHeaders?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("cors", options => options.Config.Cors is { } cors ? string.Join('\n', [.. cors.Origins, .. cors.Headers, .. cors.Methods, cors.Credentials.ToString(), cors.MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]) : null),
        ("tls", options => options.Config.Tls?.ToString()),
        ("storage", options => options.Config.Storage.ToString()),
        ("trace", options => options.Config.Trace.ToString()),
        ("sessions", options => options.Config.Sessions.ToString()),
        ("otlp_endpoint", options => options.Config.OtlpEndpoint),
        ("prices", options => string.Join('\n', options.Config.Prices.Select(price => $"{price.Key}={price.Value}"))),
        ("models.codex_instructions_file", options => options.Config.Models.CodexInstructions),
        ("shutdown_timeout", options => options.Config.ShutdownTimeout.ToString()),
        ("watch_config", options => options.Config.WatchConfig ? "on" : "off"),
    ];

    /// <summary>The names of the restart-only settings that differ (values are never shown: some are secrets).</summary>
    public static List<string> Changed(ServeOptions running, ServeOptions loaded)
    {
        var changed = new List<string>();
        foreach (var (name, value) in Settings)
        {
            if (value(running) != value(loaded))
            {
                changed.Add(name);
            }
        }

        return changed;
    }
}
