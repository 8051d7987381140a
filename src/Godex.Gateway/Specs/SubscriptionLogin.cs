namespace Godex.Gateway.Specs;

/// <summary>The token file layouts Godex reads.</summary>
public enum TokenFileLayout
{
    /// <summary>Codex CLI's `auth.json`: `tokens.{id_token, access_token, refresh_token, account_id}`, `last_refresh`.</summary>
    CodexAuth,

    /// <summary>Claude Code's `.credentials.json`: `claudeAiOauth.{accessToken, refreshToken, expiresAt (ms)}`.</summary>
    ClaudeCodeCredentials,

    /// <summary>Gemini CLI's `oauth_creds.json`: `access_token`, `refresh_token`, `expiry_date` (ms), as google-auth-library writes them.</summary>
    GeminiOAuthCreds,
}

/// <summary>
/// Part of a provider spec: the provider signs in with a CLI's subscription login instead of an API
/// key. Where the CLI keeps the login, how it is refreshed, and what to tell a user whose login ran out.
/// </summary>
public sealed record SubscriptionLogin
{
    public required TokenFileLayout Layout { get; init; }

    /// <summary>The token file when the config names none; `~` is the home folder.</summary>
    public required string DefaultPath { get; init; }

    /// <summary>A variable naming the CLI's home folder (CODEX_HOME); when set, the file is the default file's name inside it.</summary>
    public string? HomeVariable { get; init; }

    public required string TokenUrl { get; init; }

    public required string ClientId { get; init; }

    /// <summary>Google's installed-app clients have a secret, published in the CLI's source.</summary>
    public string? ClientSecret { get; init; }

    public string? Scope { get; init; }

    public bool FormEncoded { get; init; }

    /// <summary>The command that logs in again, named in errors (`codex login`).</summary>
    public required string LoginCommand { get; init; }

    /// <summary>Whether Godex refreshes unless told otherwise; false where the CLI owns the refresh (Codex: --allow-refresh).</summary>
    public bool RefreshByDefault { get; init; } = true;

    /// <summary>How long before expiry to refresh; null refreshes only after a 401.</summary>
    public TimeSpan? RefreshAhead { get; init; } = TimeSpan.FromMinutes(5);
}
