using Godex.Gateway.Common;
using Godex.Gateway.Configuration;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Configuration;

/// <summary>Merges settings with the precedence flag > environment (GODEX_PROXY_*) > config file > default.</summary>
public static class ServeOptionsResolver
{
    public static ServeOptions Resolve(ServeFlags flags, GodexConfig config, Func<string, string?> environment)
    {
        var listenText = flags.Listen ?? Env(environment, "GODEX_PROXY_LISTEN") ?? config.Listen ?? ListenAddress.Default;
        if (!ListenAddress.TryParse(listenText, out var listen, out var problem))
        {
            throw new ConfigException($"listen: {problem}");
        }

        var keyText = flags.ApiKey ?? Env(environment, "GODEX_PROXY_API_KEY");
        IReadOnlyList<string> keys = keyText is null
            ? config.Keys
            : keyText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var levelText = flags.LogLevel ?? Env(environment, "GODEX_PROXY_LOG_LEVEL") ?? config.LogLevel ?? "info";
        if (!LogLevels.TryParse(levelText, out var level))
        {
            throw new ConfigException($"log level '{levelText}' is not one of {LogLevels.Names}.");
        }

        var ttlText = flags.CacheTtl ?? Env(environment, "GODEX_PROXY_CACHE_TTL");
        var ttl = ServeOptions.DefaultCacheTtl;
        if (ttlText is not null && !Durations.TryParse(ttlText, out ttl))
        {
            throw new ConfigException($"cache TTL '{ttlText}' is not a duration (e.g. 30m, 6h, 2d, or seconds).");
        }

        var authPaths = flags.AuthPath ?? Env(environment, "GODEX_PROXY_AUTH_PATH")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        config = SubscriptionFlags.Apply(config, flags.AllowRefresh ?? Bool(environment, "GODEX_PROXY_ALLOW_REFRESH"), authPaths);

        return new ServeOptions
        {
            Listen = listen,
            ApiKeys = keys,
            AdminKeys = [.. config.AdminKeys, .. Env(environment, "GODEX_ADMIN_KEY") is { } admin ? [admin] : Array.Empty<string>()],
            AllowAnyKey = flags.AllowAnyKey ?? Bool(environment, "GODEX_PROXY_ALLOW_ANY_KEY") ?? config.AllowAnyKey ?? false,
            DefaultModel = flags.Model ?? Env(environment, "GODEX_PROXY_MODEL") ?? config.DefaultModel,
            LogLevel = level,
            LogRequests = flags.LogRequests ?? Bool(environment, "GODEX_PROXY_LOG_REQUESTS") ?? config.LogRequests ?? false,
            MaxBodyBytes = config.Limits.MaxBodyBytes ?? LimitsConfig.DefaultMaxBodyBytes,
            CacheTtl = ttl,
            Config = config,
        };
    }

    private static string? Env(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value : null;

    private static bool? Bool(Func<string, string?> environment, string name) => Env(environment, name)?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        var other => throw new ConfigException($"{name}='{other}' is not true or false."),
    };
}
