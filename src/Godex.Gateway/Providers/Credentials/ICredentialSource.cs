using Godex.Wire;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// Where an <see cref="HttpProvider"/> gets its credential before each upstream call: a subscription
/// login kept in a CLI's token file (Codex, Claude Code, Gemini CLI), refreshed as it needs to be.
/// Failures are <see cref="GodexException"/>s the front door writes as they are: 503 when the login
/// cannot be read, 401 when the user has to log in again, 502 when the token endpoint cannot be reached.
/// </summary>
public interface ICredentialSource
{
    /// <summary>Where the login lives, as a user would write it (`~/.codex/auth.json`); named in every error.</summary>
    string Location { get; }

    CredentialState State { get; }

    /// <summary>A credential for the next call, refreshed first when it is about to expire.</summary>
    ValueTask<Credential> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The upstream refused <paramref name="rejected"/> with a 401: a newer credential to retry once with
    /// (another request's refresh, the CLI's own, or a refresh made now). Throws when there is none.
    /// </summary>
    ValueTask<Credential> RenewAsync(Credential rejected, GodexError refusal, CancellationToken cancellationToken);
}
