using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Mock;
using Godex.Gateway.Providers.OpenAIChat;

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
            if (provider.SkipReason is { } reason)
            {
                _skipped[provider.Name] = new SkippedProvider(provider.Name, provider.Type, reason);
                logger.LogWarning("Provider {Provider} is skipped: {Reason}", provider.Name, reason);
                continue;
            }

            _providers[provider.Name] = provider.Type switch
            {
                ProviderTypes.Mock => new MockProvider(provider.Name, time),
                ProviderTypes.OpenAI => new HttpProvider(provider, new OpenAIChatUpstream(provider), httpClients),
                ProviderTypes.OpenAIResponses => new HttpProvider(provider, new Responses.ResponsesUpstream(provider), httpClients),
                ProviderTypes.Gemini => new HttpProvider(provider, new Gemini.GeminiUpstream(provider, time), httpClients),
                ProviderTypes.Anthropic => new HttpProvider(provider, new Anthropic.AnthropicUpstream(provider, time), httpClients),
                _ => throw new ConfigException($"providers.{provider.Name}.type: '{provider.Type}' is not available in this build."),
            };
        }
    }

    public IEnumerable<IProvider> All => _providers.Values;

    public IEnumerable<SkippedProvider> Skipped => _skipped.Values;

    public IProvider? Find(string name) => _providers.GetValueOrDefault(name);

    public SkippedProvider? FindSkipped(string name) => _skipped.GetValueOrDefault(name);
}
