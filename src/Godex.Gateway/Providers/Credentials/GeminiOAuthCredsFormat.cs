using System.Text.Json.Nodes;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// Gemini CLI's `~/.gemini/oauth_creds.json`, google-auth-library's Credentials as JSON: `access_token`,
/// `refresh_token`, `expiry_date` (ms), `scope`, `token_type`, `id_token`. Google's token endpoint
/// (https://oauth2.googleapis.com/token) takes the refresh as a form with the CLI's client id and secret,
/// and usually answers without a new refresh token, so the old one is kept.
/// </summary>
public sealed class GeminiOAuthCredsFormat : ITokenFileFormat
{
    public TokenSet Read(JsonObject document) =>
        new(TokenJson.Text(document, "access_token", "access_token"),
            TokenJson.OptionalText(document, "refresh_token", "refresh_token"),
            TokenJson.OptionalMilliseconds(document, "expiry_date", "expiry_date"))
        {
            IdToken = TokenJson.OptionalText(document, "id_token", "id_token"),
        };

    public void Write(JsonObject document, TokenSet tokens, DateTimeOffset now)
    {
        document["access_token"] = tokens.AccessToken;
        document["refresh_token"] = tokens.RefreshToken;
        document["expiry_date"] = tokens.ExpiresAt?.ToUnixTimeMilliseconds();
        if (tokens.IdToken is { } idToken)
        {
            document["id_token"] = idToken;
        }
    }

    public IReadOnlyList<CredentialHeader> Headers(TokenSet tokens) => [];
}
