using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Specs;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// Builds a Code Assist provider from its config and preset: project discovery and one HTTP provider
/// per host, all signing in with the credential source the registry made from the spec's login.
/// </summary>
public static class CodeAssistProviders
{
    public static CodeAssistProvider Create(ProviderConfig config, ProviderSpec spec, OAuthCredentialSource credentials, IHttpClientFactory httpClients, TimeProvider time, ILogger logger, Func<string, string?> environment)
    {
        var preset = CodeAssistPresets.For(config.Type);
        var hosts = Hosts(config, preset);

        var hint = preset.ProjectVariables.Select(environment).FirstOrDefault(value => value is { Length: > 0 });
        // The config's headers win over the preset's, in discovery as in HttpProvider's calls.
        var headers = new Dictionary<string, string>(preset.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in config.Headers)
        {
            headers[name] = value;
        }

        var discovery = new ProjectDiscovery(config.Name, config.Project, hint, hosts, headers, credentials, httpClients, time, logger);
        var providers = hosts
            .Select(host => new HttpProvider(config with { BaseUrl = host }, new CodeAssistUpstream(config, host, preset, discovery, time), httpClients, spec, credentials, time))
            .ToList();
        return new CodeAssistProvider(config.Name, config.Type, spec, config.Models, providers, discovery, credentials, logger);
    }

    /// <summary>`hosts` when given, else `base_url` alone, else the preset's hosts; each without a trailing slash or `/v1internal`.</summary>
    private static List<string> Hosts(ProviderConfig config, CodeAssistPreset preset)
    {
        IReadOnlyList<string> hosts = config.Hosts.Count > 0 ? config.Hosts
            : config.BaseUrl is { } baseUrl && !preset.Hosts.Contains(baseUrl) ? [baseUrl]
            : preset.Hosts;
        return hosts.Select(host => host.TrimEnd('/') is var trimmed && trimmed.EndsWith("/v1internal", StringComparison.Ordinal) ? trimmed[..^"/v1internal".Length] : trimmed).ToList();
    }
}
