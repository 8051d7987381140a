using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// Codex CLI's `~/.codex/auth.json` with a ChatGPT login: `{"OPENAI_API_KEY": null, "tokens": {"id_token",
/// "access_token", "refresh_token", "account_id"}, "last_refresh": RFC 3339}` (openai/codex
/// codex-rs/core/src/auth.rs and auth/storage.rs). The account id goes upstream as `ChatGPT-Account-ID`
/// (codex-rs/codex-api/src/auth.rs); an older file without `account_id` has it in the id token's
/// `https://api.openai.com/auth` claim. The file holds no expiry: Codex refreshes after a 401.
/// </summary>
public sealed class CodexAuthFormat : ITokenFileFormat
{
    public const string AccountHeader = "ChatGPT-Account-ID";

    public TokenSet Read(JsonObject document)
    {
        if (document["tokens"] is null && TokenJson.OptionalText(document, "OPENAI_API_KEY", "OPENAI_API_KEY") is not null)
        {
            throw new FormatException("holds an API key, not a ChatGPT login (use type openai-responses with that key, or run `codex login` with ChatGPT)");
        }

        var tokens = TokenJson.Object(document, "tokens", "tokens");
        var idToken = TokenJson.OptionalText(tokens, "id_token", "tokens.id_token");
        return new TokenSet(TokenJson.Text(tokens, "access_token", "tokens.access_token"), TokenJson.OptionalText(tokens, "refresh_token", "tokens.refresh_token"), ExpiresAt: null)
        {
            IdToken = idToken,
            AccountId = TokenJson.OptionalText(tokens, "account_id", "tokens.account_id") ?? AccountClaim(idToken),
        };
    }

    public void Write(JsonObject document, TokenSet tokens, DateTimeOffset now)
    {
        var saved = (JsonObject)document["tokens"]!;
        saved["access_token"] = tokens.AccessToken;
        saved["refresh_token"] = tokens.RefreshToken;
        if (tokens.IdToken is { } idToken)
        {
            saved["id_token"] = idToken;
        }

        document["last_refresh"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<CredentialHeader> Headers(TokenSet tokens) =>
        tokens.AccountId is { } account ? [new CredentialHeader(AccountHeader, account)] : [];

    /// <summary>`chatgpt_account_id` from the id token's `https://api.openai.com/auth` claim, or null.</summary>
    private static string? AccountClaim(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return claims.RootElement.TryGetProperty("https://api.openai.com/auth", out var auth)
                && auth.ValueKind == JsonValueKind.Object
                && auth.TryGetProperty("chatgpt_account_id", out var account)
                && account.ValueKind == JsonValueKind.String
                ? account.GetString()
                : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
