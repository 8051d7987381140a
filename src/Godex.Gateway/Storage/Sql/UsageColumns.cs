using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Storage.Sql;

/// <summary>The trace column each usage group maps to (a fixed list: never SQL from input).</summary>
internal static class UsageColumns
{
    public static string For(string group) => group switch
    {
        "key" => "caller_key_id",
        "model" => "requested_model",
        "provider" => "provider",
        "day" => "day",
        _ => throw new ArgumentException($"cannot group usage by '{group}'; use {string.Join(", ", UsageGroups.All)}", nameof(group)),
    };
}
