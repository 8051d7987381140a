using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.CodeAssist;

/// <summary>
/// A scratch `oauth_creds.json` as Gemini CLI writes it (google-auth-library's Credentials), a fake
/// Code Assist host and a fake Google token endpoint, and Godex configured to use them.
/// </summary>
public sealed class CodeAssistLogin : IAsyncDisposable
{
    public const string RefreshToken = "1//refresh-token-gemini";

    private CodeAssistLogin(string directory, FakeCodeAssist upstream, FakeGoogleToken tokens)
    {
        Directory = directory;
        Upstream = upstream;
        Tokens = tokens;
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, "oauth_creds.json");

    public FakeCodeAssist Upstream { get; }

    public FakeGoogleToken Tokens { get; }

    public GodexHost Godex { get; private set; } = null!;

    public static async Task<CodeAssistLogin> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "godex-codeassist-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        return new CodeAssistLogin(directory, await FakeCodeAssist.StartAsync(), await FakeGoogleToken.StartAsync());
    }

    /// <summary>Writes the login file; the access token expires <paramref name="expiresIn"/> from now.</summary>
    public void WriteLogin(string accessToken, TimeSpan expiresIn) => File.WriteAllText(FilePath, $$"""
        {
          "access_token": "{{accessToken}}",
          "scope": "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email openid",
          "token_type": "Bearer",
          "id_token": "eyJhbGciOiJSUzI1NiJ9.e30.sig",
          "expiry_date": {{DateTimeOffset.UtcNow.Add(expiresIn).ToUnixTimeMilliseconds()}},
          "refresh_token": "{{RefreshToken}}"
        }
        """);

    public JsonObject ReadLogin() => (JsonObject)JsonNode.Parse(File.ReadAllText(FilePath))!;

    /// <summary>Starts Godex with a `gemini-cli` provider named `gca` as the default route.</summary>
    public async Task<GodexHost> StartGodexAsync(string? project = null, string? authPath = null)
    {
        Godex = await GodexHost.StartAsync($$"""
            providers:
              gca:
                type: gemini-cli
                hosts: [ "{{Upstream.Host}}" ]
                auth_path: "{{authPath ?? FilePath}}"
                token_url: "{{Tokens.Url}}"
            {{(project is null ? "" : $"    project: {project}")}}
            routing:
              default: gca
            """);
        return Godex;
    }

    public Task<HttpResponseMessage> ChatAsync(bool stream = false) =>
        Godex.Http.PostAsync("/v1/chat/completions", Sse.Json($$"""{"model":"gemini-2.5-pro","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Say hello"}]}"""));

    public async ValueTask DisposeAsync()
    {
        if (Godex is not null)
        {
            await Godex.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        await Tokens.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
