namespace Godex.Wire;

/// <summary>One conversation turn to run, independent of the protocol it arrived in.</summary>
public sealed record ChatRequest
{
    public string Model { get; init; } = "";

    /// <summary>System instructions kept apart from messages (Anthropic `system`, Responses `instructions`).</summary>
    public string? Instructions { get; init; }

    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];
    public ToolChoice? ToolChoice { get; init; }
    public bool? ParallelToolCalls { get; init; }
    public ResponseFormat? ResponseFormat { get; init; }
    public ReasoningSettings? Reasoning { get; init; }

    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? TopK { get; init; }
    public int? MaxOutputTokens { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    public long? Seed { get; init; }
    public double? PresencePenalty { get; init; }
    public double? FrequencyPenalty { get; init; }

    /// <summary>End-user id for abuse tracking and session keys (OpenAI `user`, Anthropic `metadata.user_id`).</summary>
    public string? User { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The client wants the answer as a stream; the one place this is said (an upstream may still be asked for a stream either way).</summary>
    public bool Stream { get; init; }

    /// <summary>The client wants usage reported in the stream (Chat `stream_options.include_usage`).</summary>
    public bool StreamIncludeUsage { get; init; }

    public ExtensionBag? Extensions { get; init; }

    /// <summary>Client headers that matter to the same protocol upstream (anthropic-beta, ...), forwarded only there.</summary>
    public ProtocolHeaders? Headers { get; init; }

    /// <summary>Fields the compatibility planner adds for the chosen upstream's protocol (e.g. a thinking toggle); written whatever the client spoke.</summary>
    public ExtensionBag? ProviderFields { get; init; }
}

/// <summary>Headers a front door kept for an upstream of the same protocol.</summary>
public sealed record ProtocolHeaders(string Protocol, IReadOnlyDictionary<string, string> Values)
{
    public static IReadOnlyDictionary<string, string>? For(ProtocolHeaders? headers, string protocol) =>
        headers is not null && headers.Protocol == protocol ? headers.Values : null;
}
