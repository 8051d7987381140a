using Godex.Wire;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// Where a provider gets the credential for each upstream call, the one place credentials come from:
/// an API key (the configured one, or the caller's own X-Provider-Key), or a subscription login kept in
/// a CLI's token file (Codex, Claude Code, Gemini CLI), refreshed as it needs to be; later a pool of
/// keys. Failures are <see cref="GodexException"/>s the front door writes as they are: 503 when the
/// login cannot be read, 401 when the user has to log in again, 502 when the token endpoint cannot be reached.
/// </summary>
public interface ICredentialSource
{
    /// <summary>Where the credential lives, as a user would write it (`~/.codex/auth.json`, `providers.x.api_key`); named in errors.</summary>
    string Location { get; }

    CredentialState State { get; }

    /// <summary>A credential for the next call (for <paramref name="call"/>, or a call of Godex's own such as model discovery when null), or null to send none.</summary>
    ValueTask<Credential?> GetAsync(ProviderCall? call, CancellationToken cancellationToken);

    /// <summary>
    /// The upstream refused <paramref name="rejected"/> with a 401: a newer credential to retry once with,
    /// or null when this source has nothing newer (the refusal then stands).
    /// </summary>
    ValueTask<Credential?> RenewAsync(Credential rejected, GodexError refusal, CancellationToken cancellationToken);
}
