namespace Godex.Gateway.Storage;

/// <summary>The dimensions usage can be grouped by, and the column each maps to (a fixed list: never SQL from input).</summary>
public static class UsageGroups
{
    public static readonly string[] All = ["key", "model", "provider", "day"];

    public static string Column(string group) => group switch
    {
        "key" => "caller_key_id",
        "model" => "requested_model",
        "provider" => "provider",
        "day" => "day",
        _ => throw new ArgumentException($"cannot group usage by '{group}'; use {string.Join(", ", All)}", nameof(group)),
    };
}
