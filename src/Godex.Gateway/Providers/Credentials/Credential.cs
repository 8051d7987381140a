using Godex.Gateway.Specs;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// What one upstream call needs to authenticate: a key or bearer token, how it is sent, and the headers
/// that go with it (an account id, an OAuth beta flag). Its text form never shows the secret, so it
/// cannot leak into a log.
/// </summary>
public sealed record Credential(string AccessToken, DateTimeOffset? ExpiresAt)
{
    public IReadOnlyList<CredentialHeader> Headers { get; init; } = [];

    /// <summary>Which header carries the secret; a subscription login's token is always a bearer token.</summary>
    public AuthScheme Scheme { get; init; } = AuthScheme.Bearer;

    /// <summary>
    /// An API key leaves alone a header the provider's config sets itself (a custom `Authorization`, say);
    /// a login's token replaces it.
    /// </summary>
    public bool GivesWayToConfiguredHeaders { get; init; }

    public override string ToString() => $"Credential ({Scheme}, expires {ExpiresAt?.ToString("O") ?? "unknown"})";
}

/// <summary>
/// A header a credential adds to the upstream request. A merged one joins the comma-separated list the
/// request may already carry (a client's own `anthropic-beta` values stay); any other replaces it.
/// </summary>
public sealed record CredentialHeader(string Name, string Value, bool Merge = false);

/// <summary>Whether a provider's login can be used now, and if not, why (shown by /health and `godex models`).</summary>
public sealed record CredentialState(bool Available, string? Reason)
{
    public static readonly CredentialState Ready = new(true, null);

    public static CredentialState Unavailable(string reason) => new(false, reason);
}
