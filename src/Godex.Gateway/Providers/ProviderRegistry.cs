using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Providers.Mock;
using Godex.Gateway.Providers.OpenAIChat;
using Godex.Gateway.Specs;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers;

/// <summary>A provider that the configuration names but that cannot run, and why.</summary>
public sealed record SkippedProvider(string Name, string Type, string Reason);

/// <summary>The providers built from the configuration: the usable ones, and the skipped ones with a reason.</summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, IProvider> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SkippedProvider> _skipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<ProviderMember>> _members = new(StringComparer.Ordinal);

    /// <param name="wrappers">Applied in order around each built provider (the first innermost).</param>
    public ProviderRegistry(GodexConfig config, IHttpClientFactory httpClients, TimeProvider time, ILogger<ProviderRegistry> logger, IEnumerable<IProviderWrapper>? wrappers = null)
    {
        foreach (var provider in config.Providers.Values)
        {
            if ((provider.SkipReason ?? ProcessSkipReason(provider)) is { } reason)
            {
                _skipped[provider.Name] = new SkippedProvider(provider.Name, provider.Type, reason);
                logger.LogWarning("Provider {Provider} is skipped: {Reason}", provider.Name, reason);
                continue;
            }

            var spec = BuiltInSpecs.For(provider.Type);
            var effective = WithSpecDefaults(provider, spec);
            var login = spec.Login is { } subscription
                ? CredentialSources.Create(effective, subscription, httpClients, time, logger, Environment.GetEnvironmentVariable)
                : null;
            if (login?.State is { Available: false } state)
            {
                logger.LogWarning("Provider {Provider} is unavailable: {Reason}", provider.Name, state.Reason);
            }

            var members = Members(effective, spec, login);
            if (members.Count == 0)
            {
                var emptied = $"every member of its pool is left out ({string.Join("; ", provider.Pool.Select(member => member.SkipReason))})";
                _skipped[provider.Name] = new SkippedProvider(provider.Name, provider.Type, emptied);
                logger.LogWarning("Provider {Provider} is skipped: {Reason}", provider.Name, emptied);
                continue;
            }

            _providers[provider.Name] = members[0].Provider;
            _members[provider.Name] = members;
        }

        IProvider Build(ProviderConfig effective, Specs.ProviderSpec spec, Credentials.OAuthCredentialSource? login)
        {
            var credentials = CredentialSources.For(effective, spec, login);
            IProvider built = spec.Family switch
            {
                ProviderTypes.Mock => new MockProvider(effective.Name, time),
                ProviderTypes.OpenAI => new HttpProvider(effective, new OpenAIChatUpstream(effective, spec), httpClients, spec, credentials, time),
                ProviderTypes.OpenAIResponses => new HttpProvider(effective, new Responses.ResponsesUpstream(effective, spec), httpClients, spec, credentials, time),
                ProviderTypes.Gemini => new HttpProvider(effective, new Gemini.GeminiUpstream(effective, time), httpClients, spec, credentials, time),
                ProviderTypes.Anthropic => new HttpProvider(effective, new Anthropic.AnthropicUpstream(effective, time), httpClients, spec, credentials, time),
                ProviderTypes.ClaudeCodeCli => new ClaudeCodeCli.ClaudeCodeCliProvider(effective, ClaudeCodeCli.ClaudeCodeCommand.Resolve(effective.Command, Environment.GetEnvironmentVariable)!, spec, Secrets(config), time),
                Specs.CodeAssistPresets.Family => CodeAssist.CodeAssistProviders.Create(effective, spec, login!, httpClients, time, logger, Environment.GetEnvironmentVariable),
                _ => throw new ConfigException($"providers.{effective.Name}.type: '{effective.Type}' is not available in this build."),
            };

            // Cross-cutting wrappers (fault injection, timeouts) are Reliability's; each sees every member.
            foreach (var wrapper in wrappers ?? [])
            {
                built = wrapper.Wrap(built, effective);
            }

            return built;
        }

        // One member per pool entry, each with the provider's settings and its own overrides; no pool: the provider is its one member.
        List<ProviderMember> Members(ProviderConfig effective, Specs.ProviderSpec spec, Credentials.OAuthCredentialSource? login)
        {
            if (effective.Pool.Count == 0)
            {
                return [new ProviderMember(Build(effective, spec, login), effective.Name, 1, ProviderMember.EndpointOf(effective))];
            }

            var members = new List<ProviderMember>(effective.Pool.Count);
            for (var i = 0; i < effective.Pool.Count; i++)
            {
                var entry = effective.Pool[i];
                if (entry.SkipReason is { } skipped)
                {
                    logger.LogWarning("Provider {Provider}: pool member {Member} is left out: {Reason}", effective.Name, i + 1, skipped);
                    continue;
                }

                var headers = new Dictionary<string, string>(effective.Headers, StringComparer.OrdinalIgnoreCase);
                foreach (var (name, value) in entry.Headers)
                {
                    headers[name] = value;
                }

                var member = effective with { ApiKey = entry.ApiKey ?? effective.ApiKey, BaseUrl = entry.BaseUrl ?? effective.BaseUrl, Headers = headers, Pool = [] };
                members.Add(new ProviderMember(Build(member, spec, login), $"{effective.Name}#{i + 1}", entry.Weight, ProviderMember.EndpointOf(member)));
            }

            return members;
        }
    }

    /// <summary>Each provider's members (a `pool` entry each; a provider without a pool is its one member).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ProviderMember>> Members => _members;

    public IEnumerable<IProvider> All => _providers.Values;

    /// <summary>A local process provider whose executable is missing cannot run.</summary>
    private static string? ProcessSkipReason(ProviderConfig provider) =>
        provider.Type == ProviderTypes.ClaudeCodeCli && ClaudeCodeCli.ClaudeCodeCommand.Resolve(provider.Command, Environment.GetEnvironmentVariable) is null
            ? ClaudeCodeCli.ClaudeCodeCommand.SkipReason(provider.Name, provider.Command)
            : null;

    /// <summary>Client keys and provider keys: what a local process must not be handed.</summary>
    private static string[] Secrets(GodexConfig config) =>
        [.. config.Keys.Concat(config.Providers.Values.Select(provider => provider.ApiKey ?? "")).Where(secret => secret.Length > 0).Distinct()];

    /// <summary>The config with what it leaves out taken from the provider's spec (base URL, request shaping).</summary>
    private static ProviderConfig WithSpecDefaults(ProviderConfig provider, ProviderSpec spec) => provider with
    {
        BaseUrl = provider.BaseUrl ?? spec.BaseUrl,
        MaxTokensField = provider.MaxTokensField ?? spec.MaxTokensField,
        DeveloperRole = provider.DeveloperRole ?? spec.DeveloperRole,
        ReasoningReplayField = provider.ReasoningReplayField ?? spec.ReasoningReplayField,
        Models = provider.Models.Count > 0 || spec.DefaultModel is null ? provider.Models : [spec.DefaultModel],
    };

    public IEnumerable<SkippedProvider> Skipped => _skipped.Values;

    public IProvider? Find(string name) => _providers.GetValueOrDefault(name);

    public SkippedProvider? FindSkipped(string name) => _skipped.GetValueOrDefault(name);
}
