namespace Godex.Gateway.Specs;

/// <summary>
/// Gemini CLI's "Login with Google", kept in `~/.gemini/oauth_creds.json`, ready for a provider spec to
/// name (the Code Assist provider). Client id, secret and scopes from google-gemini/gemini-cli
/// packages/core/src/code_assist/oauth2.ts: an installed-application client, whose secret Google's
/// OAuth guide says is not treated as a secret. Google's token endpoint takes a form and keeps the
/// refresh token; Gemini CLI refreshes the same file itself, which Godex then picks up.
/// </summary>
public static class GeminiCliLogin
{
    public static readonly SubscriptionLogin Login = new()
    {
        Layout = TokenFileLayout.GeminiOAuthCreds,
        DefaultPath = "~/.gemini/oauth_creds.json",
        TokenUrl = "https://oauth2.googleapis.com/token",
        ClientId = "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com",
        ClientSecret = "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",
        FormEncoded = true,
        LoginCommand = "gemini",
    };
}
