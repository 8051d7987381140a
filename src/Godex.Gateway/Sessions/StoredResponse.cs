using Godex.Wire;

namespace Godex.Gateway.Sessions;

/// <summary>
/// One stored turn of a Responses conversation, in canonical form so a chain can be replayed to any
/// upstream: the request's own input (not the expanded chain), its effective instructions, and the answer.
/// </summary>
public sealed record StoredResponse
{
    public required string Id { get; init; }

    /// <summary>The previous_response_id the turn continued, or null for the first turn.</summary>
    public string? ParentId { get; init; }

    public string Model { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    public ResponseStatus Status { get; init; }

    public FinishReason FinishReason { get; init; }

    /// <summary>Set when the turn failed: what the client was told.</summary>
    public GodexError? Error { get; init; }

    public string? Instructions { get; init; }

    public IReadOnlyList<ChatMessage> Input { get; init; } = [];

    public IReadOnlyList<ContentPart> Output { get; init; } = [];

    public Usage? Usage { get; init; }

    /// <summary>The session key the turn arrived under (user, x-openclaw-session-key, or remote address).</summary>
    public string? SessionKey { get; init; }

    /// <summary>Who may read or continue the turn: a digest of the caller's client key; null where callers are not told apart.</summary>
    public string? Owner { get; init; }

    /// <summary>The provider that answered.</summary>
    public string? Provider { get; init; }

    /// <summary>The answer's id at a provider that keeps Responses state itself, so a next turn there can name it.</summary>
    public string? UpstreamId { get; init; }
}

public enum ResponseStatus
{
    Completed,
    Incomplete,
    Failed,
}
