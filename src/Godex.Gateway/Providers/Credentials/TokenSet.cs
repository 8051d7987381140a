namespace Godex.Gateway.Providers.Credentials;

/// <summary>The tokens of one OAuth login, as a token file holds them.</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt)
{
    /// <summary>The OpenID id token, where the login has one (Codex keeps it beside the access token).</summary>
    public string? IdToken { get; init; }

    /// <summary>The account the token acts for, where the upstream wants it named (ChatGPT's account id).</summary>
    public string? AccountId { get; init; }

    public override string ToString() => $"TokenSet (expires {ExpiresAt?.ToString("O") ?? "unknown"})";
}
