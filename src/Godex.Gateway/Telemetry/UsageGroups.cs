namespace Godex.Gateway.Telemetry;

/// <summary>The dimensions <see cref="ITraceStore.UsageAsync"/> can group usage by.</summary>
public static class UsageGroups
{
    public static readonly string[] All = ["key", "model", "provider", "day"];
}
