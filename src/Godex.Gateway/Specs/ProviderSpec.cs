using Godex.Wire;

namespace Godex.Gateway.Specs;

/// <summary>How a provider lets a client steer reasoning.</summary>
public enum ReasoningStyle
{
    /// <summary>No control: requested settings are dropped (and recorded).</summary>
    None,

    /// <summary>OpenAI's effort scale (reasoning_effort).</summary>
    Effort,

    /// <summary>On or off only, through a provider-specific field.</summary>
    Toggle,

    /// <summary>A token budget (Anthropic budget_tokens, Gemini thinkingBudget); the family's writer maps it.</summary>
    Budget,
}

/// <summary>How the upstream expects the key.</summary>
public enum AuthScheme
{
    Bearer,
    XApiKey,
    XGoogApiKey,
    None,
}

/// <summary>
/// A provider as data: protocol family, where it lives, how it authenticates, and what it can do.
/// The compatibility planner reads only this; translators never branch on a provider's name.
/// </summary>
public sealed record ProviderSpec
{
    public required string Name { get; init; }

    /// <summary>The protocol family: openai (Chat Completions), openai-responses, anthropic, gemini, mock.</summary>
    public required string Family { get; init; }

    /// <summary>The wire protocol the family speaks, named as front doors and extension bags name it (the openai family speaks openai-chat).</summary>
    public string WireProtocol => Family == "openai" ? Wire.OpenAIChat.OpenAIChatProtocol.Name : Family;

    public string? BaseUrl { get; init; }
    public AuthScheme Auth { get; init; } = AuthScheme.Bearer;

    /// <summary>The environment variable holding the key when the config gives none (e.g. DEEPSEEK_API_KEY).</summary>
    public string? KeyEnvironment { get; init; }

    public string? DefaultModel { get; init; }

    /// <summary>tool_choice modes the provider accepts; empty means it takes no tool_choice at all.</summary>
    public IReadOnlySet<ToolChoiceMode> ToolChoiceModes { get; init; } = AllToolChoices;

    public IReadOnlySet<ResponseFormatKind> ResponseFormats { get; init; } = AllFormats;

    public ReasoningStyle Reasoning { get; init; } = ReasoningStyle.Effort;

    /// <summary>For <see cref="ReasoningStyle.Toggle"/>: the request field, and its value when on and off (JSON).</summary>
    public ReasoningToggle? Toggle { get; init; }

    /// <summary>The assistant-message field earlier reasoning must be replayed in (DeepSeek, GLM: reasoning_content).</summary>
    public string? ReasoningReplayField { get; init; }

    public int? MaxTools { get; init; }
    public bool Vision { get; init; } = true;
    public bool ReportsCachedTokens { get; init; }

    /// <summary>Whether to ask for a usage chunk with stream_options.include_usage.</summary>
    public bool StreamUsageOption { get; init; } = true;

    public string MaxTokensField { get; init; } = "max_tokens";
    public bool DeveloperRole { get; init; }

    /// <summary>Tool results whose call is missing (or calls without results) are rejected: drop the unpaired ones.</summary>
    public bool RequiresPairedToolResults { get; init; }

    /// <summary>Signs in with a CLI's subscription login (a token file) instead of an API key.</summary>
    public SubscriptionLogin? Login { get; init; }

    /// <summary>Set when the upstream refuses requests without instructions: sent when neither the client nor its session gave any.</summary>
    public string? DefaultInstructions { get; init; }

    /// <summary>The upstream answers only streams: a request for a whole answer is streamed and folded.</summary>
    public bool StreamOnly { get; init; }

    /// <summary>Whether the upstream takes an output token limit (max_output_tokens); when not, a client's limit is dropped.</summary>
    public bool OutputLimit { get; init; } = true;

    /// <summary>Whether the upstream may store responses; when not, a client's `store: true` is dropped (Godex still stores them).</summary>
    public bool Stores { get; init; } = true;

    /// <summary>Whether the upstream has a token-count endpoint; when not, counts are estimated.</summary>
    public bool CountsTokens { get; init; } = true;

    /// <summary>Headers sent unless the client's forwarded headers or the config's `headers` set them.</summary>
    public IReadOnlyDictionary<string, string> DefaultHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the upstream has a model list in its family's shape to discover (default for `discover_models`).</summary>
    public bool ListsModels { get; init; } = true;

    /// <summary>Where these values came from, and when they were read.</summary>
    public string Source { get; init; } = "";

    public static readonly IReadOnlySet<ToolChoiceMode> AllToolChoices = new HashSet<ToolChoiceMode> { ToolChoiceMode.Auto, ToolChoiceMode.None, ToolChoiceMode.Required, ToolChoiceMode.Function };
    public static readonly IReadOnlySet<ResponseFormatKind> AllFormats = new HashSet<ResponseFormatKind> { ResponseFormatKind.Text, ResponseFormatKind.JsonObject, ResponseFormatKind.JsonSchema };
}

/// <summary>An on/off reasoning switch: `{Field: On}` or `{Field: Off}`, values as JSON text.</summary>
public sealed record ReasoningToggle(string Field, string On, string Off);
