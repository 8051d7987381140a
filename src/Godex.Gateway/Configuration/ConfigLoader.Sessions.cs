using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>The sessions section of godex.yaml: stored responses and the instructions cache.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] SessionsKeys = ["retention_days", "max_chain_depth", "queue_capacity", "instructions_cache_bytes", "instructions_cache_bytes_per_key"];

    private SessionsConfig ReadSessions(YamlMappingNode root)
    {
        if (Child(root, "sessions") is not { } node)
        {
            return new SessionsConfig();
        }

        var map = Mapping(node, "sessions");
        CheckKeys(map, SessionsKeys, "sessions.");
        var defaults = new SessionsConfig();
        return new SessionsConfig
        {
            RetentionDays = OptionalInt(map, "retention_days", "sessions") ?? defaults.RetentionDays,
            MaxChainDepth = OptionalInt(map, "max_chain_depth", "sessions") ?? defaults.MaxChainDepth,
            QueueCapacity = OptionalInt(map, "queue_capacity", "sessions") ?? defaults.QueueCapacity,
            InstructionsCacheBytes = Child(map, "instructions_cache_bytes") is { } total ? ByteSize(total, "sessions.instructions_cache_bytes") : defaults.InstructionsCacheBytes,
            InstructionsCacheBytesPerKey = Child(map, "instructions_cache_bytes_per_key") is { } perKey ? ByteSize(perKey, "sessions.instructions_cache_bytes_per_key") : defaults.InstructionsCacheBytesPerKey,
        };
    }
}
