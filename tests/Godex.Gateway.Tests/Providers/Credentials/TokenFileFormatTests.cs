using System.Text;
using System.Text.Json.Nodes;

using Godex.Gateway.Providers.Credentials;

namespace Godex.Gateway.Tests.Providers.Credentials;

/// <summary>The three CLIs' token files: what is read, what a refresh writes, and what stays untouched.</summary>
public sealed class TokenFileFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Codex_auth_json_gives_the_account_id_header_and_a_refresh_keeps_everything_but_the_tokens_and_last_refresh()
    {
        var document = JsonNode.Parse("""{"OPENAI_API_KEY":null,"tokens":{"id_token":"h.p.s","access_token":"a1","refresh_token":"r1","account_id":"acct-9"},"last_refresh":"2026-11-01T00:00:00Z","extra":1}""")!.AsObject();
        var format = new CodexAuthFormat();

        var tokens = format.Read(document);
        format.Write(document, tokens with { AccessToken = "a2", RefreshToken = "r2" }, Now);

        Assert.Equal(("a1", "r1", (DateTimeOffset?)null), (tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresAt));
        Assert.Equal([new CredentialHeader("ChatGPT-Account-ID", "acct-9")], format.Headers(tokens));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"OPENAI_API_KEY":null,"tokens":{"id_token":"h.p.s","access_token":"a2","refresh_token":"r2","account_id":"acct-9"},"last_refresh":"2026-11-24T12:00:00.000000Z","extra":1}"""), document), document.ToJsonString());
    }

    [Fact]
    public void Codex_auth_json_without_account_id_takes_it_from_the_id_tokens_auth_claim()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"https://api.openai.com/auth":{"chatgpt_account_id":"acct-from-jwt"}}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var document = JsonNode.Parse($$$"""{"tokens":{"id_token":"eyJhbGciOiJub25lIn0.{{{payload}}}.sig","access_token":"a1","refresh_token":"r1"}}""")!.AsObject();

        Assert.Equal("acct-from-jwt", new CodexAuthFormat().Read(document).AccountId);
    }

    [Fact]
    public void Codex_auth_json_with_only_an_api_key_says_it_is_not_a_chatgpt_login()
    {
        var error = Assert.Throws<FormatException>(() => new CodexAuthFormat().Read(JsonNode.Parse("""{"OPENAI_API_KEY":"sk-x"}""")!.AsObject()));

        Assert.StartsWith("holds an API key, not a ChatGPT login", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claude_credentials_give_expiry_in_milliseconds_and_a_merged_oauth_beta()
    {
        var document = JsonNode.Parse("""{"claudeAiOauth":{"accessToken":"sk-ant-oat01-a","refreshToken":"sk-ant-ort01-r","expiresAt":1764000000000,"scopes":["user:inference"],"subscriptionType":"pro"}}""")!.AsObject();
        var format = new ClaudeCredentialsFormat();

        var tokens = format.Read(document);
        format.Write(document, tokens with { AccessToken = "sk-ant-oat01-b", ExpiresAt = Now }, Now);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764000000000), tokens.ExpiresAt);
        Assert.Equal([new CredentialHeader("anthropic-beta", "oauth-2025-04-20", Merge: true)], format.Headers(tokens));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""{"claudeAiOauth":{"accessToken":"sk-ant-oat01-b","refreshToken":"sk-ant-ort01-r","expiresAt":{{{Now.ToUnixTimeMilliseconds()}}},"scopes":["user:inference"],"subscriptionType":"pro"}}"""), document), document.ToJsonString());
    }

    [Fact]
    public void Claude_credentials_without_an_access_token_name_the_field()
    {
        var error = Assert.Throws<FormatException>(() => new ClaudeCredentialsFormat().Read(JsonNode.Parse("""{"claudeAiOauth":{"refreshToken":"r"}}""")!.AsObject()));

        Assert.Equal("'claudeAiOauth.accessToken' is missing", error.Message);
    }

    [Fact]
    public void Gemini_oauth_creds_keep_scope_and_token_type_and_the_old_refresh_token_when_google_sends_none()
    {
        var document = JsonNode.Parse("""{"access_token":"ya29.a","refresh_token":"1//r","scope":"openid","token_type":"Bearer","expiry_date":1764000000000}""")!.AsObject();
        var format = new GeminiOAuthCredsFormat();

        var tokens = format.Read(document);
        format.Write(document, tokens with { AccessToken = "ya29.b", ExpiresAt = Now }, Now);

        Assert.Empty(format.Headers(tokens));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"access_token":"ya29.b","refresh_token":"1//r","scope":"openid","token_type":"Bearer","expiry_date":{{Now.ToUnixTimeMilliseconds()}}}"""), document), document.ToJsonString());
    }
}
