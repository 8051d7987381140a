using Godex.Wire;

namespace Godex.Gateway.Sessions;

/// <summary>
/// One Responses turn as the session layer prepared it: the request for the upstream (whole
/// conversation, effective instructions), the request the answer echoes (as the client sent it, plus
/// the effective instructions), and what will be stored once the answer is known.
/// </summary>
public sealed record SessionTurn
{
    public required ChatRequest Upstream { get; init; }

    public required ChatRequest Echo { get; init; }

    /// <summary>Godex's id for the answer when it will be stored; null for store: false (the upstream's id is kept).</summary>
    public string? ResponseId { get; init; }

    public string? ParentId { get; init; }

    /// <summary>This turn's own input (with any tool call rebuilt from the store), not the expanded history.</summary>
    public IReadOnlyList<ChatMessage> Input { get; init; } = [];

    public required string SessionKey { get; init; }

    /// <summary>Who owns the stored turn (<see cref="StoredResponse.Owner"/>).</summary>
    public string? Owner { get; init; }

    /// <summary>The provider the turn is routed to.</summary>
    public required string Provider { get; init; }

    /// <summary>The provider keeps Responses state: remember its id for the answer so the next turn can name it.</summary>
    public bool Stateful { get; init; }
}
