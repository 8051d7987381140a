namespace Godex.Gateway.Providers;

/// <summary>One way to reach a provider (a `pool` entry: its key, endpoint, headers), built like the provider itself.</summary>
/// <param name="Id">`keys3` for a provider without a pool; `keys3#2` for its second member.</param>
/// <param name="Endpoint">What the member's health is about: its type, base URL, credential and headers.
/// A reload that keeps it keeps the member's health; one that changes it (a fixed key) starts afresh.
/// Holds a secret: compared, never shown.</param>
public sealed record ProviderMember(IProvider Provider, string Id, int Weight, string Endpoint)
{
    public static string EndpointOf(Configuration.ProviderConfig config) =>
        string.Join('\n', config.Type, config.BaseUrl, config.ApiKey, config.AuthPath, string.Join('\n', config.Headers.OrderBy(header => header.Key, StringComparer.OrdinalIgnoreCase).Select(header => header.Key + ": " + header.Value)));
}
