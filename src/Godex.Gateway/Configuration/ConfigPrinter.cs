
using YamlDotNet.Serialization;

namespace Godex.Gateway.Configuration;

/// <summary>Renders the effective configuration as YAML with every secret redacted (`godex config print`).</summary>
public static class ConfigPrinter
{
    public const string Redacted = Security.SecretText.Redacted;

    private static readonly string[] OffUnlessSet = ["cors", "tls"];

    public static string Print(ServeOptions options)
    {
        var yaml = new SerializerBuilder().ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build().Serialize(Document(options));
        return yaml.Replace("'# source': ", "# source: ", StringComparison.Ordinal);
    }

    /// <summary>The effective configuration, redacted, as nested dictionaries, lists and scalars (the admin API writes it as JSON).</summary>
    public static Dictionary<string, object?> Document(ServeOptions options)
    {
        var config = options.Config;
        var document = new Dictionary<string, object?>
        {
            ["# source"] = config.Source,
            ["listen"] = options.Listen.ToString(),
            ["keys"] = options.ApiKeys.Select(key => Key(config.KeyLimits.GetValueOrDefault(key))).ToList(),
            ["admin_keys"] = options.AdminKeys.Select(_ => Redacted).ToList(),
            ["allow_any_key"] = options.AllowAnyKey,
            ["default_model"] = options.DefaultModel,
            ["log_level"] = options.LogLevel.ToString().ToLowerInvariant(),
            ["log_requests"] = options.LogRequests,
            ["limits"] = Limits(options.MaxBodyBytes, config.Limits),
            ["cors"] = config.Cors is { } cors ? Cors(cors) : null,
            ["tls"] = config.Tls is { } tls ? new Dictionary<string, object> { ["cert"] = tls.CertPath, ["key"] = tls.KeyPath } : null,
            ["shutdown_timeout"] = $"{config.ShutdownTimeout.TotalSeconds:0.###}s",
            ["watch_config"] = config.WatchConfig,
            ["providers"] = config.Providers.Values.ToDictionary(provider => provider.Name, Provider),
            ["routing"] = new Dictionary<string, object?>
            {
                ["default"] = config.Routing.Default,
                ["patterns"] = config.Routing.Patterns,
                ["aliases"] = config.Routing.Aliases,
            },
            ["models"] = new Dictionary<string, object?>
            {
                ["discovery_ttl"] = $"{config.Models.DiscoveryTtl.TotalSeconds:0}s",
                ["discovery_timeout"] = $"{config.Models.DiscoveryTimeout.TotalSeconds:0.###}s",
                ["codex_instructions_file"] = config.Models.CodexInstructionsFile,
            },
        };

        // Off by default, and shown only when on (the serializer would print an off section as an empty one).
        foreach (var section in OffUnlessSet.Where(section => document[section] is null))
        {
            document.Remove(section);
        }

        return document;
    }

    /// <summary>True for header names that carry credentials.</summary>
    public static bool IsSecretHeader(string name) =>
        name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Contains("auth", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("cookie", StringComparison.OrdinalIgnoreCase);

    /// <summary>`https://user:secret@host/v1` becomes `https://<redacted>@host/v1`.</summary>
    private static string RedactUserInfo(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        if (start < 3)
        {
            return url;
        }

        var end = url.IndexOfAny(['/', '?', '#'], start);
        var at = url.LastIndexOf('@', (end < 0 ? url.Length : end) - 1);
        return at < start ? url : string.Concat(url.AsSpan(0, start), Redacted, url.AsSpan(at));
    }

    private static Dictionary<string, object?> Provider(ProviderConfig provider)
    {
        var entry = new Dictionary<string, object?>
        {
            ["type"] = provider.Type,
            ["base_url"] = provider.BaseUrl is null ? null : RedactUserInfo(provider.BaseUrl),
            ["api_key"] = provider.ApiKey is null ? null : Redacted,
        };
        if (provider.Models.Count > 0)
        {
            entry["models"] = provider.Models;
        }

        if (provider.Headers.Count > 0)
        {
            entry["headers"] = provider.Headers.ToDictionary(header => header.Key, header => IsSecretHeader(header.Key) ? Redacted : header.Value);
        }

        entry["timeout_seconds"] = provider.TimeoutSeconds;
        entry["first_token_timeout_seconds"] = provider.FirstTokenTimeoutSeconds;
        entry["idle_timeout_seconds"] = provider.IdleTimeoutSeconds;
        entry["max_response_bytes"] = provider.MaxResponseBytes;
        entry["max_event_bytes"] = provider.MaxEventBytes;
        entry["max_tokens_field"] = provider.MaxTokensField;
        entry["developer_role"] = provider.DeveloperRole;
        entry["reasoning_replay_field"] = provider.ReasoningReplayField;
        entry["stateful"] = provider.Stateful ? true : null;
        entry["discover_models"] = provider.DiscoverModels ? null : false;
        entry["auth_path"] = provider.AuthPath;
        entry["token_url"] = provider.TokenUrl is null ? null : RedactUserInfo(provider.TokenUrl);
        entry["allow_refresh"] = provider.AllowRefresh;
        entry["command"] = provider.Command;
        if (provider.Args.Count > 0)
        {
            entry["args"] = provider.Args;
        }

        if (provider.Environment.Count > 0)
        {
            // Values may be keys (ANTHROPIC_API_KEY for the CLI); only the names are shown.
            entry["env"] = provider.Environment.ToDictionary(variable => variable.Key, _ => Redacted);
        }

        entry["max_concurrency"] = provider.MaxConcurrency;
        entry["project"] = provider.Project;
        if (provider.Hosts.Count > 0)
        {
            entry["hosts"] = provider.Hosts.Select(RedactUserInfo).ToList();
        }

        if (provider.Fault is { } fault)
        {
            entry["fault"] = Fault(fault);
        }

        entry["skipped"] = provider.SkipReason;
        return entry;
    }

    /// <summary>A client key: never shown; with its own limits, a mapping whose `key` is redacted.</summary>
    private static object Key(StaticKeyLimits? limits)
    {
        if (limits is null)
        {
            return Redacted;
        }

        var entry = new Dictionary<string, object?> { ["key"] = Redacted };
        foreach (var (name, value) in Rates(limits.Limits))
        {
            entry[name] = value;
        }

        if (limits.Models.Count > 0)
        {
            entry["models"] = limits.Models;
        }

        AddBudget(entry, limits.Budget);
        return entry;
    }

    /// <summary>A budget's figures, beside the rates of the same mapping.</summary>
    private static void AddBudget(Dictionary<string, object?> entry, Security.Budgets.BudgetRule? budget)
    {
        if (budget is null)
        {
            return;
        }

        if (budget.TokenQuota is { } quota)
        {
            entry["token_quota"] = quota;
        }

        if (budget.BudgetUsd is { } usd)
        {
            entry["budget_usd"] = usd;
        }

        entry["window"] = budget.Window;
    }

    private static Dictionary<string, object> Limits(long maxBodyBytes, LimitsConfig limits)
    {
        var entry = new Dictionary<string, object>
        {
            ["max_body_bytes"] = maxBodyBytes,
            ["max_json_depth"] = limits.MaxJsonDepth ?? LimitsConfig.DefaultMaxJsonDepth,
            ["max_tools"] = limits.MaxTools ?? LimitsConfig.DefaultMaxTools,
            ["max_messages"] = limits.MaxMessages ?? LimitsConfig.DefaultMaxMessages,
            ["max_header_bytes"] = limits.MaxHeaderBytes ?? LimitsConfig.DefaultMaxHeaderBytes,
            ["max_headers"] = limits.MaxHeaders ?? LimitsConfig.DefaultMaxHeaders,
        };
        if (!limits.PerKey.IsEmpty || limits.PerKeyBudget is not null)
        {
            var perKey = Rates(limits.PerKey);
            AddBudget(perKey, limits.PerKeyBudget);
            entry["per_key"] = perKey;
        }

        if (limits.Models.Count > 0)
        {
            entry["models"] = limits.Models.ToDictionary(model => model.Pattern, model => Rates(model.Limits));
        }

        if (limits.BudgetStatus != 429)
        {
            entry["budget_status"] = limits.BudgetStatus;
        }

        if (limits.SessionBudgetUsd is { } session)
        {
            entry["session_budget_usd"] = session;
        }

        if (limits.MaxRepeatedToolCalls is { } repeats)
        {
            entry["max_repeated_tool_calls"] = repeats;
        }

        return entry;
    }

    /// <summary>CORS as in force: the SDK headers are always allowed, `headers` only adds to them.</summary>
    private static Dictionary<string, object> Cors(CorsConfig cors) => new()
    {
        ["origins"] = cors.Origins,
        ["headers"] = cors.AnyHeader ? ["*"] : CorsConfig.SdkHeaders.Concat(cors.Headers).Distinct().ToList(),
        ["methods"] = cors.Methods,
        ["credentials"] = cors.Credentials,
        ["max_age"] = cors.MaxAgeSeconds,
    };

    /// <summary>The figures that are set (the printer's dictionaries would print a null as an empty value).</summary>
    private static Dictionary<string, object?> Rates(RateLimitConfig limits)
    {
        var rates = new Dictionary<string, object?>();
        foreach (var (name, value) in new[] { ("rpm", limits.Rpm), ("tpm", limits.Tpm), ("max_concurrent", limits.MaxConcurrent) })
        {
            if (value is { } figure)
            {
                rates[name] = figure;
            }
        }

        return rates;
    }

    private static Dictionary<string, object?> Fault(FaultConfig fault) => new()
    {
        ["p_error"] = fault.PError ?? 1,
        ["status"] = fault.Status,
        ["reset_after_events"] = fault.ResetAfterEvents,
        ["delay_ms"] = fault.DelayMs,
        ["malformed"] = fault.Malformed,
        ["error_in_200"] = fault.ErrorIn200,
        ["seed"] = fault.Seed,
    };
}
