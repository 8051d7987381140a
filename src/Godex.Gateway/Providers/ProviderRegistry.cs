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

    public ProviderRegistry(GodexConfig config, IHttpClientFactory httpClients, TimeProvider time, ILogger<ProviderRegistry> logger)
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

            var credentials = CredentialSources.For(effective, spec, login);

            _providers[provider.Name] = Reliability.ProviderTimeouts.Wrap(spec.Family switch
            {
                ProviderTypes.Mock => new MockProvider(provider.Name, time),
                ProviderTypes.OpenAI => new HttpProvider(effective, new OpenAIChatUpstream(effective, spec), httpClients, spec, credentials),
                ProviderTypes.OpenAIResponses => new HttpProvider(effective, new Responses.ResponsesUpstream(effective, spec), httpClients, spec, credentials),
                ProviderTypes.Gemini => new HttpProvider(effective, new Gemini.GeminiUpstream(effective, time), httpClients, spec, credentials),
                ProviderTypes.Anthropic => new HttpProvider(effective, new Anthropic.AnthropicUpstream(effective, time), httpClients, spec, credentials),
                ProviderTypes.ClaudeCodeCli => new ClaudeCodeCli.ClaudeCodeCliProvider(effective, ClaudeCodeCli.ClaudeCodeCommand.Resolve(provider.Command, Environment.GetEnvironmentVariable)!, spec, Secrets(config), time),
                Specs.CodeAssistPresets.Family => CodeAssist.CodeAssistProviders.Create(effective, spec, login!, httpClients, time, logger, Environment.GetEnvironmentVariable),
                _ => throw new ConfigException($"providers.{provider.Name}.type: '{provider.Type}' is not available in this build."),
            }, effective, time);
        }
    }

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
