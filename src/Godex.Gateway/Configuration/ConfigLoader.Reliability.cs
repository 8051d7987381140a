using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>The reliability keys: a provider's `pool`, and `routing.fallbacks`, `strategy`, `retries`, `health`, `commit`.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] PoolMemberKeys = ["api_key", "base_url", "weight", "headers"];
    private static readonly string[] RetryKeys = ["max_attempts", "backoff_ms", "max_backoff_ms"];
    private static readonly string[] HealthKeys = ["window_seconds", "min_requests", "max_failure_rate", "ejection_seconds"];
    private static readonly string[] FallbackKeys = ["to", "on"];
    private static readonly string[] AliasKeys = ["targets", "hedge_after_ms", "hedge"];
    private static readonly (string Name, FallbackOn On)[] FallbackTriggers = [("failure", FallbackOn.Failure), ("context_window", FallbackOn.ContextWindow)];
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

    private Dictionary<string, IReadOnlyList<FallbackTarget>> ReadFallbacks(YamlMappingNode routing)
    {
        var fallbacks = new Dictionary<string, IReadOnlyList<FallbackTarget>>(StringComparer.Ordinal);
        if (Child(routing, "fallbacks") is not { } node)
        {
            return fallbacks;
        }

        foreach (var (key, value) in Mapping(node, "routing.fallbacks").Children)
        {
            var from = KeyName(key, "routing.fallbacks");
            var at = $"routing.fallbacks.{from}";
            if (value is YamlScalarNode)
            {
                fallbacks[from] = [new FallbackTarget(Value(value, at))];
                continue;
            }

            var targets = new List<FallbackTarget>();
            foreach (var item in Sequence(value, at))
            {
                targets.Add(item is YamlMappingNode map ? ReadFallbackTarget(map, at) : new FallbackTarget(Value(item, at)));
            }

            fallbacks[from] = targets;
        }

        return fallbacks;
    }

    /// <summary>The object form of an alias, `{ targets: [a, b], hedge_after_ms: 400 }` or `hedge: p95`: its targets and its hedging.</summary>
    private (YamlNode Targets, HedgeConfig? Hedge) ReadAliasOptions(YamlMappingNode map, string at)
    {
        CheckKeys(map, AliasKeys, at + ".");
        var targets = Child(map, "targets") ?? throw Error(map, at, "an alias given as an object needs 'targets', e.g. '{ targets: [provider/model, other/model], hedge_after_ms: 400 }'.");
        var afterMs = OptionalInt(map, "hedge_after_ms", at);
        double? percentile = null;
        if (OptionalString(map, "hedge", at) is { } hedge)
        {
            percentile = hedge.Length > 1 && hedge[0] == 'p' && double.TryParse(hedge.AsSpan(1), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 50 and < 100
                ? value
                : throw Error(Child(map, "hedge")!, at + ".hedge", $"'{hedge}' is not a percentile of recent first tokens (p50 to p99.9, e.g. p95).");
        }

        return (targets, afterMs is null && percentile is null ? null : new HedgeConfig(afterMs, percentile));
    }

    /// <summary>`routing.commit`: `first_event` (default) or `headers`.</summary>
    private Failover.CommitPoint ReadCommit(YamlMappingNode routing) => OptionalString(routing, "commit", "routing") switch
    {
        null or "first_event" => Failover.CommitPoint.FirstEvent,
        "headers" => Failover.CommitPoint.Headers,
        var other => throw Error(Child(routing, "commit")!, "routing.commit", $"'{other}' is not a commit point (first_event or headers)."),
    };

    /// <summary>The object form, `{ to: provider/model, on: context_window }`; `on` defaults to `failure`, what a plain entry means.</summary>
    private FallbackTarget ReadFallbackTarget(YamlMappingNode map, string at)
    {
        CheckKeys(map, FallbackKeys, at + ".");
        var to = OptionalString(map, "to", at) ?? throw Error(map, at, "an entry given as an object needs 'to', e.g. '{ to: provider/model, on: context_window }'.");
        if (OptionalString(map, "on", at) is not { } on)
        {
            return new FallbackTarget(to);
        }

        foreach (var (name, trigger) in FallbackTriggers)
        {
            if (name == on)
            {
                return new FallbackTarget(to, trigger);
            }
        }

        throw Error(Child(map, "on")!, at + ".on", $"'{on}' is not a failure a fallback is tried for (one of {string.Join(", ", FallbackTriggers.Select(entry => entry.Name))}).");
    }

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

    private HealthConfig ReadHealth(YamlMappingNode routing)
    {
        if (Child(routing, "health") is not { } node)
        {
            return new HealthConfig();
        }

        var map = Mapping(node, "routing.health");
        CheckKeys(map, HealthKeys, "routing.health.");
        var defaults = new HealthConfig();
        var health = new HealthConfig
        {
            WindowSeconds = OptionalInt(map, "window_seconds", "routing.health") ?? defaults.WindowSeconds,
            MinRequests = OptionalInt(map, "min_requests", "routing.health") ?? defaults.MinRequests,
            MaxFailureRate = Probability(map, "max_failure_rate", "routing.health") ?? defaults.MaxFailureRate,
            EjectionSeconds = OptionalInt(map, "ejection_seconds", "routing.health") ?? defaults.EjectionSeconds,
        };
        return health.WindowSeconds > 3600
            ? throw Error(Child(map, "window_seconds")!, "routing.health.window_seconds", "must be at most 3600 (an hour); the rate is meant to follow what happens now.")
            : health;
    }
}
