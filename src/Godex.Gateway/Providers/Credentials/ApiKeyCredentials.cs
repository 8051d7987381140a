using Godex.Gateway.Specs;
using Godex.Wire;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// An API-key provider's credentials: the caller's own key (X-Provider-Key) when it sent one, else the
/// configured `api_key`, else none (local servers that take no key). Sent the way the spec's
/// <see cref="ProviderSpec.Auth"/> says; a key cannot be renewed, so a 401 stands.
/// </summary>
public sealed class ApiKeyCredentials(string provider, string? configuredKey, AuthScheme scheme) : ICredentialSource
{
    private readonly Credential? _configured = configuredKey is null ? null : Create(configuredKey, scheme);

    public string Location => $"providers.{provider}.api_key";

    public CredentialState State => CredentialState.Ready;

    public ValueTask<Credential?> GetAsync(ProviderCall? call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(call?.ClientKey is { } clientKey ? Create(clientKey, scheme) : _configured);

    public ValueTask<Credential?> RenewAsync(Credential rejected, GodexError refusal, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Credential?>(null);

    private static Credential Create(string key, AuthScheme scheme) => new(key, ExpiresAt: null) { Scheme = scheme, GivesWayToConfiguredHeaders = true };
}
