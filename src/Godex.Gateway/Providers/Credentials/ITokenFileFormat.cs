using System.Text.Json.Nodes;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// One CLI's token file layout (Codex's auth.json, Claude Code's .credentials.json, Gemini CLI's
/// oauth_creds.json): where the tokens sit in the document and which headers they imply. The file is
/// kept as a whole document, so a refresh rewrites only the token fields and every other field survives.
/// </summary>
public interface ITokenFileFormat
{
    /// <summary>The tokens in the document; a <see cref="FormatException"/> names a missing or malformed field.</summary>
    TokenSet Read(JsonObject document);

    /// <summary>Puts refreshed tokens into the document in place, leaving the fields it does not own alone.</summary>
    void Write(JsonObject document, TokenSet tokens, DateTimeOffset now);

    /// <summary>Headers the upstream needs besides `Authorization: Bearer`.</summary>
    IReadOnlyList<CredentialHeader> Headers(TokenSet tokens);
}
