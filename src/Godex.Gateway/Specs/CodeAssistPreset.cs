
namespace Godex.Gateway.Specs;

/// <summary>
/// A Code Assist login as data: the hosts it is served from (tried in order), the OAuth client that
/// refreshes its token, the headers its own client sends, and the names it gives models. Sources for
/// each value are in the matching <see cref="Specs.BuiltInSpecs"/> entry.
/// </summary>
public sealed record CodeAssistPreset
{
    public required string Type { get; init; }

    /// <summary>Base URLs (no path); `/v1internal:{method}` is appended. Later ones are failovers.</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary>The login: token file, OAuth client, refresh endpoint (Gemini CLI's, or Antigravity's).</summary>
    public required SubscriptionLogin Login { get; init; }

    /// <summary>True when the login has no file of its own and the config must name one (auth_path).</summary>
    public bool RequiresAuthPath { get; init; }

    /// <summary>Headers the upstream expects from its own client (user agent, client metadata).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Fields the envelope carries beside model and project (Antigravity: userAgent).</summary>
    public IReadOnlyDictionary<string, string> EnvelopeFields { get; init; } = new Dictionary<string, string>();

    /// <summary>When set, each request carries `requestId` = this prefix + a new UUID.</summary>
    public string? RequestIdPrefix { get; init; }

    /// <summary>Client-facing model names mapped to the names the upstream knows; others pass as they are.</summary>
    public IReadOnlyDictionary<string, string> ModelNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables naming a Google Cloud project to hand to loadCodeAssist (GOOGLE_CLOUD_PROJECT).</summary>
    public IReadOnlyList<string> ProjectVariables { get; init; } = [];

    public string UpstreamModel(string model) => ModelNames.GetValueOrDefault(model, model);
}

/// <summary>The two Code Assist logins Godex knows: Gemini CLI's and Antigravity's.</summary>
public static class CodeAssistPresets
{
    /// <summary>The protocol family of both presets in <see cref="Specs.BuiltInSpecs"/>.</summary>
    public const string Family = "code-assist";

    public const string GeminiCli = "gemini-cli";
    public const string Antigravity = "antigravity";

    public static readonly CodeAssistPreset GeminiCliPreset = new()
    {
        Type = GeminiCli,
        Hosts = ["https://cloudcode-pa.googleapis.com"],
        Login = GeminiCliLogin.Login,
        ProjectVariables = ["GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT_ID"],
    };

    public static readonly CodeAssistPreset AntigravityPreset = new()
    {
        Type = Antigravity,
        Hosts = ["https://daily-cloudcode-pa.sandbox.googleapis.com", "https://daily-cloudcode-pa.googleapis.com", "https://cloudcode-pa.googleapis.com"],
        Login = new SubscriptionLogin
        {
            // Antigravity keeps no token file a CLI shares: auth_path is required, so this default is never read.
            Layout = TokenFileLayout.GeminiOAuthCreds,
            DefaultPath = "~/.config/godex/antigravity.json",
            TokenUrl = "https://oauth2.googleapis.com/token",
            ClientId = "1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com",
            ClientSecret = "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",
            FormEncoded = true,
            LoginCommand = "the Antigravity sign-in that wrote this file",
        },
        RequiresAuthPath = true,
        Headers = new Dictionary<string, string>
        {
            // The upstream refuses user agents of Antigravity versions it no longer supports, and the
            // current version moves: override with providers.<name>.headers.User-Agent when it does.
            ["User-Agent"] = "antigravity/hub/2.13.0 darwin/arm64",
            ["X-Goog-Api-Client"] = "google-cloud-sdk vscode_cloudshelleditor/0.1",
            ["Client-Metadata"] = """{"ideType":"IDE_UNSPECIFIED","platform":"PLATFORM_UNSPECIFIED","pluginType":"GEMINI"}""",
        },
        // Not requestType "agent": with it Google answers false 429s, and Antigravity itself sends none.
        EnvelopeFields = new Dictionary<string, string> { ["userAgent"] = "antigravity" },
        RequestIdPrefix = "agent-",
        ModelNames = new Dictionary<string, string>
        {
            ["gemini-2.5-computer-use-preview-10-2025"] = "rev19-uic3-1p",
            ["gemini-3-pro-image-preview"] = "gemini-3-pro-image",
            ["gemini-3-pro-preview"] = "gemini-3-pro-high",
            ["gemini-3-flash-preview"] = "gemini-3-flash",
            ["gemini-claude-sonnet-4-5"] = "claude-sonnet-4-5",
            ["gemini-claude-sonnet-4-5-thinking"] = "claude-sonnet-4-5-thinking",
            ["gemini-claude-opus-4-5-thinking"] = "claude-opus-4-5-thinking",
        },
    };

    public static CodeAssistPreset For(string type) => type switch
    {
        GeminiCli => GeminiCliPreset,
        Antigravity => AntigravityPreset,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a Code Assist provider type"),
    };

    public static bool Is(string type) => type is GeminiCli or Antigravity;
}
