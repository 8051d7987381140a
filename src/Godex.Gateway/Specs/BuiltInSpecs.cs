using Godex.Wire;

namespace Godex.Gateway.Specs;

/// <summary>
/// The built-in provider catalogue. Each entry says where its values came from; a config entry of the
/// same type can override base_url and request shaping. Values read 2026-11-24 from the providers'
/// published API references (via stored copies) unless the entry says otherwise.
/// </summary>
public static class BuiltInSpecs
{
    private static readonly HashSet<ResponseFormatKind> JsonObjectOnly = [ResponseFormatKind.Text, ResponseFormatKind.JsonObject];
    private static readonly HashSet<ResponseFormatKind> TextOnly = [ResponseFormatKind.Text];
    private static readonly HashSet<ToolChoiceMode> AutoOnly = [ToolChoiceMode.Auto];
    private static readonly HashSet<ToolChoiceMode> NoToolChoice = [];

    public static readonly IReadOnlyList<ProviderSpec> All =
    [
        new()
        {
            Name = "openai", Family = "openai", MaxTools = 128, ReportsCachedTokens = true,
            Source = "OpenAI Chat Completions reference (tools up to 128 functions), platform.openai.com/docs/api-reference/chat; the bare family: base_url must be given (a local server or https://api.openai.com/v1)",
        },
        new()
        {
            Name = "openai-responses", Family = "openai-responses", MaxTools = 128, ReportsCachedTokens = true,
            Source = "OpenAI Responses reference, platform.openai.com/docs/api-reference/responses; base_url must be given (https://api.openai.com/v1)",
        },
        new()
        {
            Name = "anthropic", Family = "anthropic", BaseUrl = "https://api.anthropic.com", Auth = AuthScheme.XApiKey, Reasoning = ReasoningStyle.Budget, ReportsCachedTokens = true,
            ResponseFormats = new HashSet<ResponseFormatKind> { ResponseFormatKind.Text, ResponseFormatKind.JsonSchema },
            Source = "Anthropic Messages API reference (tool_choice auto/any/tool/none; output_config.format JSON schema; thinking budget_tokens), docs.claude.com/en/api/messages; base_url https://api.anthropic.com",
        },
        new()
        {
            Name = "gemini", Family = "gemini", BaseUrl = "https://generativelanguage.googleapis.com", Auth = AuthScheme.XGoogApiKey, Reasoning = ReasoningStyle.Budget, ReportsCachedTokens = true, MaxTools = 128,
            Source = "Gemini API reference (functionCallingConfig AUTO/ANY/NONE; responseSchema; thinkingBudget), ai.google.dev/api/generate-content; base_url https://generativelanguage.googleapis.com",
        },
        new()
        {
            Name = "mock", Family = "mock", Reasoning = ReasoningStyle.Effort,
            Source = "Godex's built-in mock",
        },
        new()
        {
            Name = "gemini-openai", Family = "openai", BaseUrl = "https://generativelanguage.googleapis.com/v1beta/openai", KeyEnvironment = "GEMINI_API_KEY",
            DefaultModel = "gemini-2.5-flash", ReportsCachedTokens = true,
            Source = "Gemini OpenAI compatibility (reasoning_effort maps to thinking budgets), ai.google.dev/gemini-api/docs/openai",
        },
        new()
        {
            Name = "deepseek", Family = "openai", BaseUrl = "https://api.deepseek.com", KeyEnvironment = "DEEPSEEK_API_KEY",
            DefaultModel = "deepseek-chat", ResponseFormats = JsonObjectOnly, Reasoning = ReasoningStyle.None, ReasoningReplayField = "reasoning_content",
            ReportsCachedTokens = true, MaxTools = 128, Vision = false,
            Source = "DeepSeek API docs: JSON output is json_object only; reasoning is chosen by model (deepseek-reasoner), no effort parameter; reasoning_content must be sent back on tool turns (thinking mode guide), api-docs.deepseek.com",
        },
        new()
        {
            Name = "xiaomi", Family = "openai", BaseUrl = "https://api.xiaomimimo.com/v1", KeyEnvironment = "MIMO_API_KEY",
            DefaultModel = "mimo-v2-flash", ResponseFormats = JsonObjectOnly, Reasoning = ReasoningStyle.Toggle,
            Toggle = new("thinking", """{"type":"enabled"}""", """{"type":"disabled"}"""), ReasoningReplayField = "reasoning_content", Vision = false,
            Source = "Xiaomi MiMo: OpenAI-compatible at api.xiaomimimo.com/v1, JSON mode but no json_schema, thinking on/off returning reasoning_content (agno's MiMo docs); the toggle is `thinking: {type: enabled|disabled}`, as in MiMo's Python quick-start example as reproduced in github.com/StevenAston/stories xiaomi.md (extra_body={'thinking': {'type': 'disabled'}} against api.xiaomimimo.com/v1, with reasoning_content in the answer), read 2026-11-24",
        },
        new()
        {
            Name = "zhipu", Family = "openai", BaseUrl = "https://open.bigmodel.cn/api/paas/v4", KeyEnvironment = "ZHIPU_API_KEY",
            DefaultModel = "glm-4.6", ToolChoiceModes = AutoOnly, ResponseFormats = JsonObjectOnly, Reasoning = ReasoningStyle.Toggle,
            Toggle = new("thinking", """{"type":"enabled"}""", """{"type":"disabled"}"""), ReasoningReplayField = "reasoning_content",
            StreamUsageOption = false, Vision = false,
            Source = "Zhipu / Z.AI docs: thinking {type: enabled|disabled} (docs.z.ai/guides/capabilities/thinking-mode); tool_choice auto only and no stream_options (AgentScope's GLM formatter notes); coding endpoint /api/coding/paas/v4",
        },
        new()
        {
            Name = "zhipu-coding", Family = "openai", BaseUrl = "https://open.bigmodel.cn/api/coding/paas/v4", KeyEnvironment = "ZHIPU_API_KEY",
            DefaultModel = "glm-4.6", ToolChoiceModes = AutoOnly, ResponseFormats = JsonObjectOnly, Reasoning = ReasoningStyle.Toggle,
            Toggle = new("thinking", """{"type":"enabled"}""", """{"type":"disabled"}"""), ReasoningReplayField = "reasoning_content",
            StreamUsageOption = false, Vision = false,
            Source = "Zhipu GLM Coding Plan endpoint, same wire as zhipu (docs.z.ai)",
        },
        new()
        {
            Name = "minimax", Family = "openai", BaseUrl = "https://api.minimax.io/v1", KeyEnvironment = "MINIMAX_API_KEY",
            DefaultModel = "MiniMax-M2", ToolChoiceModes = NoToolChoice, ResponseFormats = TextOnly, Reasoning = ReasoningStyle.None,
            MaxTokensField = "max_completion_tokens", RequiresPairedToolResults = true, Vision = false,
            Source = "MiniMax OpenAI-compatible API (platform.minimax.io/docs/api-reference/text-openai-api): M2 models always think (content keeps <think> text, which must be replayed whole); max_tokens deprecated for max_completion_tokens; no tool_choice or response_format documented; unpaired tool results rejected (seen by users of the seed gateway)",
        },
        new()
        {
            Name = "groq", Family = "openai", BaseUrl = "https://api.groq.com/openai/v1", KeyEnvironment = "GROQ_API_KEY",
            DefaultModel = "llama-3.3-70b-versatile", MaxTools = 128, MaxTokensField = "max_completion_tokens",
            Source = "Groq API reference (OpenAI-compatible; reasoning_effort for reasoning models; tools up to 128), console.groq.com/docs/api-reference",
        },
        new()
        {
            Name = "openrouter", Family = "openai", BaseUrl = "https://openrouter.ai/api/v1", KeyEnvironment = "OPENROUTER_API_KEY",
            DefaultModel = "openrouter/auto", ReportsCachedTokens = true, ReasoningReplayField = "reasoning",
            Source = "OpenRouter API reference (OpenAI-compatible, normalizes tool_choice/response_format/reasoning per model), openrouter.ai/docs/api-reference",
        },
        new()
        {
            Name = "ollama", Family = "openai", BaseUrl = "http://127.0.0.1:11434/v1", Auth = AuthScheme.None,
            DefaultModel = "llama3.2", ToolChoiceModes = NoToolChoice, ResponseFormats = JsonObjectOnly,
            Source = "Ollama OpenAI compatibility (docs.ollama.com/api/openai-compatibility): tools yes, tool_choice not supported, response_format json_object; reasoning_effort for thinking models",
        },
        new()
        {
            Name = "codex", Family = "openai-responses", BaseUrl = "https://chatgpt.com/backend-api/codex", ReportsCachedTokens = true,
            StreamOnly = true, Stores = false, OutputLimit = false, CountsTokens = false,
            ListsModels = false, // its /models wants client_version and answers Codex's own catalogue shape, not OpenAI's list
            DefaultInstructions = "You are a helpful assistant.",
            DefaultHeaders = new Dictionary<string, string> { ["originator"] = "godex" },
            Login = new SubscriptionLogin
            {
                Layout = TokenFileLayout.CodexAuth, DefaultPath = "~/.codex/auth.json", HomeVariable = "CODEX_HOME",
                TokenUrl = "https://auth.openai.com/oauth/token", ClientId = "app_EMoamEEZ73f0CkXaXp7hrann", Scope = "openid profile email",
                LoginCommand = "codex login", RefreshByDefault = false, RefreshAhead = null,
            },
            Source = "ChatGPT subscription through Codex CLI's login. openai/codex codex-rs: core/src/model_provider_info.rs (base https://chatgpt.com/backend-api/codex for ChatGPT auth, POST /responses), "
                + "core/src/auth.rs (auth.json tokens; refresh POST https://auth.openai.com/oauth/token, JSON {client_id app_EMoamEEZ73f0CkXaXp7hrann, grant_type refresh_token, refresh_token, scope 'openid profile email'}; a 401 answer with refresh_token_expired|reused|invalidated means log in again; Codex reloads auth.json and refreshes after a 401), "
                + "codex-api/src/auth.rs (ChatGPT-Account-ID header). The backend answers 400 {detail} to a request without instructions ('Instructions are required'), without store:false or stream:true, "
                + "or with max_output_tokens ('Unsupported parameter'), as measured by several public clients (e.g. pi-ai, opencode plugins, Realms); it takes originator values other than codex_cli_rs (pi-ai sends 'pi'), so Godex names itself and passes a Codex client's own originator on. "
                + "No token-count endpoint is known there. Godex refreshes only with --allow-refresh (or allow_refresh: true): the Codex CLI owns the single-use refresh token",
        },
        new()
        {
            Name = "claude-code", Family = "anthropic", BaseUrl = "https://api.anthropic.com", Reasoning = ReasoningStyle.Budget, ReportsCachedTokens = true,
            ResponseFormats = new HashSet<ResponseFormatKind> { ResponseFormatKind.Text, ResponseFormatKind.JsonSchema },
            Login = new SubscriptionLogin
            {
                Layout = TokenFileLayout.ClaudeCodeCredentials, DefaultPath = "~/.claude/.credentials.json", HomeVariable = "CLAUDE_CONFIG_DIR",
                TokenUrl = "https://platform.claude.com/v1/oauth/token", ClientId = "9d1c250a-e61b-44d9-88ed-5944d1962f5e",
                LoginCommand = "claude /login",
            },
            Source = "Claude Pro/Max subscription through Claude Code's login: ~/.claude/.credentials.json claudeAiOauth {accessToken sk-ant-oat01-, refreshToken sk-ant-ort01-, expiresAt ms, scopes, subscriptionType}; "
                + "Messages API with Authorization: Bearer and anthropic-beta: oauth-2025-04-20 (sst/opencode-anthropic-auth index.mjs, which also refreshes with JSON {grant_type refresh_token, refresh_token, client_id 9d1c250a-e61b-44d9-88ed-5944d1962f5e} and reads {access_token, refresh_token, expires_in}); "
                + "token endpoint https://platform.claude.com/v1/oauth/token as current Claude Code releases and pi-ai use (the older https://console.anthropic.com/v1/oauth/token is reported gone; set token_url to override). "
                + "Godex does not add Claude Code's 'You are Claude Code, Anthropic's official CLI for Claude.' system block that some gateways inject to pass other clients off as Claude Code: Claude Code's own requests carry it, and a request the upstream refuses for lack of it gets the upstream's answer",
        },
        new()
        {
            Name = "gemini-cli", Family = CodeAssistPresets.Family, BaseUrl = "https://cloudcode-pa.googleapis.com", Auth = AuthScheme.None,
            Reasoning = ReasoningStyle.Budget, ReportsCachedTokens = true, MaxTools = 128, DefaultModel = "gemini-2.5-pro",
            Login = CodeAssistPresets.GeminiCliPreset.Login,
            Source = "Gemini CLI's Google login (Code Assist), google-gemini/gemini-cli packages/core/src/code_assist: server.ts (https://cloudcode-pa.googleapis.com/v1internal, "
                + "POST :generateContent and :streamGenerateContent?alt=sse, :loadCodeAssist, :onboardUser, GET /v1internal/{operation}), converter.ts (request {model, project, user_prompt_id, request: GenerateContentRequest}; "
                + "answer {response: GenerateContentResponse, traceId}, each SSE chunk wrapped the same way), setup.ts (loadCodeAssist {cloudaicompanionProject, metadata {ideType IDE_UNSPECIFIED, platform PLATFORM_UNSPECIFIED, pluginType GEMINI, duetProject}}; "
                + "currentTier + cloudaicompanionProject, else onboardUser {tierId of the default allowed tier (legacy-tier if none), cloudaicompanionProject unless free-tier, metadata} polled until done, project at response.cloudaicompanionProject.id; "
                + "GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_PROJECT_ID), oauth2.ts (installed-app client 681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j, its published secret, ~/.gemini/oauth_creds.json as google-auth-library writes it; "
                + "refresh at https://oauth2.googleapis.com/token as a form). Read 2026-11-24 from stored copies of the repository",
        },
        new()
        {
            Name = "antigravity", Family = CodeAssistPresets.Family, BaseUrl = "https://daily-cloudcode-pa.sandbox.googleapis.com", Auth = AuthScheme.None,
            Reasoning = ReasoningStyle.Budget, MaxTools = 128, DefaultModel = "gemini-3-pro-preview",
            Login = CodeAssistPresets.AntigravityPreset.Login,
            Source = "Antigravity's Google login (Code Assist, same v1internal wire as gemini-cli). router-for-me/CLIProxyAPI internal/runtime/executor/antigravity_executor.go: hosts "
                + "https://daily-cloudcode-pa.sandbox.googleapis.com, https://daily-cloudcode-pa.googleapis.com, https://cloudcode-pa.googleapis.com tried in turn; OAuth client 1071006060591-tmhssin2h21lcre235vtolojh4g403ep and its secret; "
                + "model names (alias2ModelName): gemini-3-pro-preview -> gemini-3-pro-high, gemini-3-flash-preview -> gemini-3-flash, gemini-3-pro-image-preview -> gemini-3-pro-image, gemini-2.5-computer-use-preview-10-2025 -> rev19-uic3-1p, "
                + "gemini-claude-sonnet-4-5[-thinking] -> claude-sonnet-4-5[-thinking], gemini-claude-opus-4-5-thinking -> claude-opus-4-5-thinking; headers X-Goog-Api-Client google-cloud-sdk vscode_cloudshelleditor/0.1 and "
                + "Client-Metadata {ideType, platform, pluginType GEMINI} (also in soilSpoon/llmux and theblazehen/opencode-google-antigravity-auth constants.ts); envelope fields userAgent 'antigravity' and requestId 'agent-{uuid}' (CLIProxyAPI geminiToAntigravity). "
                + "Not requestType 'agent', which those projects also sent: can1357/oh-my-pi PR #11742 and fawney19/Aether PR #818 (2026-09) measured false 429s with it and none without, and report that Antigravity itself omits it. "
                + "User-Agent: the upstream refuses versions it no longer supports ('This version of Antigravity is no longer supported', lbjlaq/Antigravity-Manager #1404, NoeFabris/opencode-antigravity-auth #322); "
                + "antigravity/hub/2.13.0 darwin/arm64 is the newest value seen in public clients and is not otherwise verified: override it with headers.User-Agent. "
                + "Antigravity keeps no CLI token file: auth_path names a file in oauth_creds.json's layout. Read 2026-11-24 from stored copies",
        },
        new()
        {
            Name = "vllm", Family = "openai", BaseUrl = "http://127.0.0.1:8000/v1", Auth = AuthScheme.None,
            Source = "vLLM OpenAI-compatible server (docs.vllm.ai/en/latest/serving/openai_compatible_server.html): tool_choice auto/required/none/named, guided json_schema",
        },
        new()
        {
            Name = "claude-code-cli", Family = "claude-code-cli", Auth = AuthScheme.None, ToolChoiceModes = NoToolChoice, ResponseFormats = TextOnly,
            Reasoning = ReasoningStyle.Effort, Vision = false, ReportsCachedTokens = true,
            Source = "Claude Code CLI 2.1.197 `claude --help` and its stream-json output (tests/Godex.Wire.Tests/Fixtures/claude-code-cli/SOURCES.md): text prompt only, --effort for reasoning, no client tools",
        },
    ];

    /// <summary>The spec for a config `type`: a preset by name, or a bare family with every capability.</summary>
    public static ProviderSpec For(string type) =>
        All.FirstOrDefault(spec => spec.Name == type)
        ?? new ProviderSpec { Name = type, Family = type, Source = "protocol family defaults" };

    public static bool IsPreset(string type) => All.Any(spec => spec.Name == type);
}
