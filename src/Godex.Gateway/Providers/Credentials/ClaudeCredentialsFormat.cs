using System.Text.Json.Nodes;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// Claude Code's `~/.claude/.credentials.json` (on macOS the same JSON sits in the Keychain): `{"claudeAiOauth":
/// {"accessToken": "sk-ant-oat01-…", "refreshToken": "sk-ant-ort01-…", "expiresAt": ms, "scopes": […],
/// "subscriptionType": …}}`. An OAuth token is accepted by the Messages API as a bearer token with
/// `anthropic-beta: oauth-2025-04-20`, merged into whatever betas the client sent.
/// </summary>
public sealed class ClaudeCredentialsFormat : ITokenFileFormat
{
    public const string OAuthBeta = "oauth-2025-04-20";

    private static readonly CredentialHeader[] OAuthHeaders = [new("anthropic-beta", OAuthBeta, Merge: true)];

    public TokenSet Read(JsonObject document)
    {
        var oauth = TokenJson.Object(document, "claudeAiOauth", "claudeAiOauth");
        return new TokenSet(
            TokenJson.Text(oauth, "accessToken", "claudeAiOauth.accessToken"),
            TokenJson.OptionalText(oauth, "refreshToken", "claudeAiOauth.refreshToken"),
            TokenJson.OptionalMilliseconds(oauth, "expiresAt", "claudeAiOauth.expiresAt"));
    }

    public void Write(JsonObject document, TokenSet tokens, DateTimeOffset now)
    {
        var oauth = (JsonObject)document["claudeAiOauth"]!;
        oauth["accessToken"] = tokens.AccessToken;
        oauth["refreshToken"] = tokens.RefreshToken;
        oauth["expiresAt"] = tokens.ExpiresAt?.ToUnixTimeMilliseconds();
    }

    public IReadOnlyList<CredentialHeader> Headers(TokenSet tokens) => OAuthHeaders;
}
