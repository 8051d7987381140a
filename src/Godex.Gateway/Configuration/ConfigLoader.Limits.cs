using Godex.Gateway.Security.Budgets;

using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>`keys:` (a key, or a mapping with its own limits and budget) and `limits:` (request sizes, per-key defaults, per-model limits).</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] LimitsKeys = ["max_body_bytes", "max_json_depth", "max_tools", "max_messages", "max_header_bytes", "max_headers", "per_key", "models", "budget_status", "session_budget_usd", "max_repeated_tool_calls"];
    private static readonly string[] RateKeys = ["rpm", "tpm", "max_concurrent"];
    private static readonly string[] PerKeyKeys = [.. RateKeys, .. BudgetKeys];
    private static readonly string[] KeyEntryKeys = ["key", .. RateKeys, "models", .. BudgetKeys];

    /// <summary>`admin_keys:`: plain values (an admin key has no limits); an unset variable skips its entry, as for `keys`.</summary>
    private List<string> ReadAdminKeys(YamlMappingNode root)
    {
        var keys = new List<string>();
        if (Child(root, "admin_keys") is not { } node)
        {
            return keys;
        }

        foreach (var item in Sequence(node, "admin_keys"))
        {
            var (value, missing) = Expand(item, "admin_keys");
            if (missing.Count > 0 || value.Length == 0)
            {
                _warnings.Add($"{_file}:{item.Start.Line}: an admin key is skipped because {Describe(missing, "its value is empty")}.");
                continue;
            }

            keys.Add(value);
        }

        return keys;
    }

    private (List<string> Keys, Dictionary<string, StaticKeyLimits> Limits) ReadKeys(YamlMappingNode root)
    {
        var keys = new List<string>();
        var limits = new Dictionary<string, StaticKeyLimits>(StringComparer.Ordinal);
        if (Child(root, "keys") is not { } node)
        {
            return (keys, limits);
        }

        foreach (var item in Sequence(node, "keys"))
        {
            var entry = item as YamlMappingNode;
            if (entry is not null)
            {
                CheckKeys(entry, KeyEntryKeys, "keys[].");
            }

            var secret = entry is null ? item : Child(entry, "key") ?? throw Error(item, "keys[]", "a key written as a mapping needs 'key' (e.g. { key: ${TEAM_KEY}, rpm: 100 }).");
            var (value, missing) = Expand(secret, entry is null ? "keys" : "keys[].key");
            if (missing.Count > 0 || value.Length == 0)
            {
                _warnings.Add($"{_file}:{item.Start.Line}: a client key is skipped because {Describe(missing, "its value is empty")}.");
                continue;
            }

            keys.Add(value);
            if (entry is not null)
            {
                var models = StringList(entry, "models", "keys[]");
                if (models.Any(model => model.Trim().Length == 0))
                {
                    throw Error(Child(entry, "models")!, "keys[].models", "a model pattern is empty; write e.g. 'gpt-*' or 'openai/*'.");
                }

                limits[value] = new StaticKeyLimits(ReadRates(entry, "keys[]"), models) { Budget = ReadBudget(entry, "keys[]") };
            }
        }

        return (keys, limits);
    }

    private LimitsConfig ReadLimits(YamlMappingNode root)
    {
        if (Child(root, "limits") is not { } node)
        {
            return new LimitsConfig();
        }

        var map = Mapping(node, "limits");
        CheckKeys(map, LimitsKeys, "limits.");
        var max = Child(map, "max_body_bytes");
        var perKey = RateLimitConfig.None;
        BudgetRule? perKeyBudget = null;
        if (Child(map, "per_key") is { } perKeyNode)
        {
            var perKeyMap = Mapping(perKeyNode, "limits.per_key");
            CheckKeys(perKeyMap, PerKeyKeys, "limits.per_key.");
            perKey = ReadRates(perKeyMap, "limits.per_key");
            perKeyBudget = ReadBudget(perKeyMap, "limits.per_key");
        }

        var models = new List<ModelLimitConfig>();
        if (Child(map, "models") is { } modelsNode)
        {
            foreach (var (key, value) in Mapping(modelsNode, "limits.models").Children)
            {
                var pattern = ((YamlScalarNode)key).Value ?? "";
                var at = $"limits.models.{pattern}";
                if (pattern.Trim().Length == 0)
                {
                    throw Error(key, "limits.models", "a model pattern is empty; write e.g. \"gpt-4o*\".");
                }

                var rates = Mapping(value, at);
                CheckKeys(rates, RateKeys, at + ".");
                var limits = ReadRates(rates, at);
                if (limits.IsEmpty)
                {
                    throw Error(value, at, "sets no limit; give rpm, tpm or max_concurrent.");
                }

                models.Add(new ModelLimitConfig(pattern, limits));
            }
        }

        var depth = OptionalInt(map, "max_json_depth", "limits");
        if (depth > LimitsConfig.DefaultMaxJsonDepth)
        {
            throw Error(Child(map, "max_json_depth")!, "limits.max_json_depth", $"is at most {LimitsConfig.DefaultMaxJsonDepth}, the depth Godex's JSON readers are built for.");
        }

        var headerBytes = Child(map, "max_header_bytes") is { } headerNode ? ByteSize(headerNode, "limits.max_header_bytes") : (long?)null;
        if (headerBytes > int.MaxValue)
        {
            throw Error(Child(map, "max_header_bytes")!, "limits.max_header_bytes", "must be below 2 GiB.");
        }

        var limitsConfig = new LimitsConfig
        {
            MaxBodyBytes = max is null ? null : ByteSize(max, "limits.max_body_bytes"),
            MaxJsonDepth = depth,
            MaxTools = OptionalInt(map, "max_tools", "limits"),
            MaxMessages = OptionalInt(map, "max_messages", "limits"),
            MaxHeaderBytes = headerBytes,
            MaxHeaders = OptionalInt(map, "max_headers", "limits"),
            PerKey = perKey,
            PerKeyBudget = perKeyBudget,
            Models = models,
        };
        return ReadBudgetLimits(map, limitsConfig);
    }

    /// <summary>rpm, tpm and max_concurrent of a mapping, each a positive whole number when given.</summary>
    private RateLimitConfig ReadRates(YamlMappingNode map, string parent) => new()
    {
        Rpm = OptionalInt(map, "rpm", parent),
        Tpm = OptionalInt(map, "tpm", parent),
        MaxConcurrent = OptionalInt(map, "max_concurrent", parent),
    };
}
