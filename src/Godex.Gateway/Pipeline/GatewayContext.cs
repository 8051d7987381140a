using Godex.Gateway.Routing;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>What the pipeline learns about one request, step by step. Each step reads and enriches it; the trace is built from it.</summary>
public sealed class GatewayContext(string requestId, string clientProtocol, long startTimestamp)
{
    public string RequestId { get; } = requestId;

    /// <summary>The front door's protocol (openai-chat, ...); a replay (Admin/Traces) takes the replayed request's.</summary>
    public string ClientProtocol { get; internal set; } = clientProtocol;

    public long StartTimestamp { get; } = startTimestamp;

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Which configured key the caller used (`key-0`, ...) — never the key itself.</summary>
    public string? CallerKeyId { get; set; }

    /// <summary>Who owns the state this request stores or reads (the caller key's owner, see Security/ClientKeys); null when callers are not told apart (loopback, any key).</summary>
    public string? StateOwner { get; set; }

    /// <summary>What the caller's key may use (set by authentication, enforced by admission).</summary>
    public Security.KeyLimits Limits { get; set; } = Security.KeyLimits.None;

    /// <summary>What admission holds for this request (limits), settled once when the answer ends (see <see cref="AdmitRequest"/>).</summary>
    public Security.Limits.Admission? Admission { get; set; }

    /// <summary>What admission reserved against the key's budget and the agent session's, settled with the admission.</summary>
    public Security.Budgets.BudgetHold? BudgetHold { get; set; }

    /// <summary>The agent session the request belongs to (Security/Budgets/AgentSessionIds), read only where session budgets are on.</summary>
    public string? AgentSessionId { get; set; }

    /// <summary>The `x-ratelimit-*` headers admission chose, written as the response starts (an answer or a 429).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? LimitHeaders { get; set; }

    /// <summary>A token-count request (count_tokens, countTokens): the steps run, but admission charges nothing.</summary>
    public bool CountingTokens { get; set; }

    public string? RequestedModel { get; set; }

    /// <summary>A provider picked by the client (Model-Provider header or /{provider}/v1/... path), bypassing the router's rules.</summary>
    public string? ProviderOverride { get; set; }

    /// <summary>The client's own upstream key for this request (X-Provider-Key). Never logged or stored.</summary>
    public string? ProviderKey { get; set; }

    /// <summary>A stored key's own upstream keys (BYOK), by provider name; X-Provider-Key wins over them. Never logged or stored.</summary>
    public IReadOnlyDictionary<string, string>? UpstreamKeys { get; set; }

    /// <summary>The candidates routing chose, in order (<see cref="ResolvePlan"/>).</summary>
    public RoutePlan? Plan { get; set; }

    /// <summary>The candidate whose answer the client gets (the committed attempt's).</summary>
    public Route? Route { get; set; }

    /// <summary>Each candidate tried, in order, with why it failed where it did.</summary>
    public List<AttemptRecord> Attempts { get; } = [];

    /// <summary>The Responses session the request belongs to (see SessionKeys); the front door that has sessions sets it.</summary>
    public string? SessionKey { get; set; }

    /// <summary>The session turn <see cref="ExpandSession"/> began, when the request has a session.</summary>
    public Sessions.SessionTurn? Turn { get; set; }

    /// <summary>The canonical request as the steps have made it (a session expands it), before planning for a candidate.</summary>
    public ChatRequest? Request { get; set; }

    /// <summary>The request as planned for the committed candidate, kept so usage can be estimated when the upstream never reported it.</summary>
    public ChatRequest? Sent { get; set; }

    /// <summary>The client asked for a stream: read from the request, the one place that says so.</summary>
    public bool Stream => Request?.Stream == true;

    public long? UpstreamStartTimestamp { get; set; }

    public long? UpstreamEndTimestamp { get; set; }

    public long? FirstTokenTimestamp { get; set; }

    /// <summary>Usage as the upstream reported it (merged over the stream), or null.</summary>
    public Usage? Usage { get; set; }

    /// <summary>Characters of answer text seen, for an output estimate when the stream was cut short.</summary>
    public long OutputCharacters { get; set; }

    public int StreamEvents { get; set; }

    /// <summary>The error the client got (a step's refusal, the upstream's failure, Godex's own), or null.</summary>
    public GodexError? Error { get; set; }

    public string? ErrorCode => Error?.Code;

    /// <summary>Set when the client went away before the answer was complete.</summary>
    public bool ClientDisconnected { get; set; }

    /// <summary>
    /// The JSON Schema the client asked the answer to match, when the provider could only be asked in
    /// the instructions: the answer is checked against it and the result recorded.
    /// </summary>
    public System.Text.Json.JsonElement? AnswerSchema { get; set; }

    /// <summary>The answer's text, collected only while <see cref="AnswerSchema"/> is set.</summary>
    public System.Text.StringBuilder? AnswerText { get; set; }

    /// <summary>What the compatibility planner changed about the request (recorded on the trace).</summary>
    public List<string> Degradations { get; } = [];
}
