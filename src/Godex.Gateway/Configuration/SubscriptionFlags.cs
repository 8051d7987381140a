using Godex.Gateway.Configuration;
using Godex.Gateway.Specs;

namespace Godex.Gateway.Configuration;

/// <summary>`--allow-refresh` and `--auth-path` (or their GODEX_PROXY_* variables) laid over the configured subscription providers.</summary>
public static class SubscriptionFlags
{
    /// <summary>
    /// <paramref name="allowRefresh"/> applies to every subscription provider. An auth path `NAME=PATH`
    /// sets that provider's token file; a bare `PATH` sets every codex provider's auth.json.
    /// </summary>
    public static GodexConfig Apply(GodexConfig config, bool? allowRefresh, IReadOnlyList<string>? authPaths)
    {
        if (allowRefresh is null && authPaths is not { Count: > 0 })
        {
            return config;
        }

        var providers = config.Providers.ToDictionary(StringComparer.Ordinal);
        foreach (var provider in config.Providers.Values)
        {
            if (allowRefresh is { } allow && Login(provider) is not null)
            {
                providers[provider.Name] = provider with { AllowRefresh = allow };
            }
        }

        foreach (var entry in authPaths ?? [])
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && providers.TryGetValue(entry[..equals], out var named))
            {
                providers[named.Name] = Login(named) is not null
                    ? named with { AuthPath = entry[(equals + 1)..] }
                    : throw new ConfigException($"--auth-path {entry}: provider '{named.Name}' (type {named.Type}) does not sign in with a subscription login.");
                continue;
            }

            var codex = providers.Values.Where(provider => Login(provider)?.Layout == TokenFileLayout.CodexAuth).ToList();
            if (codex.Count == 0)
            {
                throw new ConfigException($"--auth-path {entry}: no provider of type codex is configured; name the provider with --auth-path NAME=PATH.");
            }

            foreach (var provider in codex)
            {
                providers[provider.Name] = provider with { AuthPath = entry };
            }
        }

        return config with { Providers = providers };
    }

    private static SubscriptionLogin? Login(ProviderConfig provider) => BuiltInSpecs.For(provider.Type).Login;
}
