using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>The reliability keys: a provider's `pool`, and `routing.fallbacks`, `strategy`, `retries`, `commit`.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] PoolMemberKeys = ["api_key", "base_url", "weight", "headers"];
    private static readonly string[] RetryKeys = ["max_attempts", "backoff_ms", "max_backoff_ms"];
    private static readonly (string Name, PoolStrategy Strategy)[] Strategies =
        [("weighted", PoolStrategy.Weighted), ("round-robin", PoolStrategy.RoundRobin), ("least-busy", PoolStrategy.LeastBusy), ("latency", PoolStrategy.Latency)];

    private List<PoolMemberConfig> ReadPool(YamlMappingNode provider, string path)
    {
        var members = new List<PoolMemberConfig>();
        if (Child(provider, "pool") is not { } node)
        {
            return members;
        }

        var index = 0;
        foreach (var item in Sequence(node, path + ".pool"))
        {
            var at = $"{path}.pool[{index++}]";
            var map = Mapping(item, at);
            CheckKeys(map, PoolMemberKeys, at + ".");
            var (apiKey, skip) = Child(map, "api_key") is { } keyValue ? Secret(keyValue, at + ".api_key", $"{at} is left out of the pool") : (null, null);

            var weight = OptionalInt(map, "weight", at) ?? 1;
            members.Add(new PoolMemberConfig
            {
                ApiKey = apiKey,
                BaseUrl = OptionalString(map, "base_url", at),
                Weight = weight,
                Headers = StringMap(map, "headers", at),
                SkipReason = skip,
            });
        }

        return members.Count > 0 ? members : throw Error(node, path + ".pool", "needs at least one member, e.g. '- { api_key: ${KEY} }'.");
    }

    private Dictionary<string, IReadOnlyList<string>> ReadFallbacks(YamlMappingNode routing)
    {
        var fallbacks = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Child(routing, "fallbacks") is not { } node)
        {
            return fallbacks;
        }

        foreach (var (key, value) in Mapping(node, "routing.fallbacks").Children)
        {
            var from = ((YamlScalarNode)key).Value ?? "";
            fallbacks[from] = value is YamlScalarNode ? [Value(value, $"routing.fallbacks.{from}")] : StringItems(value, $"routing.fallbacks.{from}");
        }

        return fallbacks;
    }

    /// <summary>`routing.commit`: `first_event` (default) or `headers`.</summary>
    private Failover.CommitPoint ReadCommit(YamlMappingNode routing) => OptionalString(routing, "commit", "routing") switch
    {
        null or "first_event" => Failover.CommitPoint.FirstEvent,
        "headers" => Failover.CommitPoint.Headers,
        var other => throw Error(Child(routing, "commit")!, "routing.commit", $"'{other}' is not a commit point (first_event or headers)."),
    };

    private PoolStrategy ReadStrategy(YamlMappingNode routing)
    {
        if (OptionalString(routing, "strategy", "routing") is not { } name)
        {
            return PoolStrategy.Weighted;
        }

        foreach (var (known, strategy) in Strategies)
        {
            if (known == name)
            {
                return strategy;
            }
        }

        throw Error(Child(routing, "strategy")!, "routing.strategy", $"'{name}' is not a strategy (one of {string.Join(", ", Strategies.Select(entry => entry.Name))}).");
    }

    private RetryConfig ReadRetries(YamlMappingNode routing)
    {
        if (Child(routing, "retries") is not { } node)
        {
            return new RetryConfig();
        }

        var map = Mapping(node, "routing.retries");
        CheckKeys(map, RetryKeys, "routing.retries.");
        var retries = new RetryConfig
        {
            MaxAttempts = OptionalInt(map, "max_attempts", "routing.retries"),
            BackoffMs = OptionalInt(map, "backoff_ms", "routing.retries") ?? 200,
            MaxBackoffMs = OptionalInt(map, "max_backoff_ms", "routing.retries") ?? 5000,
        };
        return retries.MaxBackoffMs < retries.BackoffMs
            ? throw Error(node, "routing.retries", "max_backoff_ms must be at least backoff_ms.")
            : retries;
    }
}
