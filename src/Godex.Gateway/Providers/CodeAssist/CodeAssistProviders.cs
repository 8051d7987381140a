using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Providers.Specs;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>Builds a Code Assist provider from its config and preset: login, project discovery, and one HTTP provider per host.</summary>
public static partial class CodeAssistProviders
{
    public static CodeAssistProvider Create(ProviderConfig config, ProviderSpec spec, IHttpClientFactory httpClients, TimeProvider time, ILogger logger, Func<string, string?> environment)
    {
        var preset = CodeAssistPresets.For(config.Type);
        var hosts = Hosts(config, preset);
        var credentials = Login(config, preset, httpClients, time, logger);
        if (credentials.State is { Available: false } state)
        {
            LogUnavailable(logger, config.Name, state.Reason ?? credentials.Location);
        }

        var hint = preset.ProjectVariables.Select(environment).FirstOrDefault(value => value is { Length: > 0 });
        // The config's headers win over the preset's, in discovery as in HttpProvider's calls.
        var headers = new Dictionary<string, string>(preset.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in config.Headers)
        {
            headers[name] = value;
        }

        var discovery = new ProjectDiscovery(config.Name, config.Project, hint, hosts, headers, credentials, httpClients, time, logger);
        var providers = hosts
            .Select(host => new HttpProvider(config with { BaseUrl = host }, new CodeAssistUpstream(config, host, preset, discovery, time), httpClients, spec, credentials))
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

    private static OAuthCredentialSource Login(ProviderConfig config, CodeAssistPreset preset, IHttpClientFactory httpClients, TimeProvider time, ILogger logger)
    {
        var location = config.AuthPath ?? preset.DefaultAuthPath ?? throw new ConfigException($"providers.{config.Name}.auth_path is required for type {config.Type}.");
        var path = location == "~" || location.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), location.TrimStart('~').TrimStart('/'))
            : location;
        var endpoint = new TokenEndpointOptions(new Uri(config.TokenUrl ?? preset.TokenUrl), preset.ClientId)
        {
            ClientSecret = preset.ClientSecret,
            FormEncoded = true,
        };
        return new OAuthCredentialSource(new TokenFile(path, location), new GeminiOAuthCredsFormat(), new OAuthSourceOptions
        {
            Provider = config.Name,
            LoginCommand = preset.LoginCommand,
            Refresh = new TokenEndpoint(endpoint, httpClients),
            RefreshAhead = TimeSpan.FromMinutes(5),
        }, time, logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string provider, string reason);
}
