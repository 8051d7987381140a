namespace Godex.Wire.Responses;

/// <summary>Names and small conventions shared by the OpenAI Responses codec.</summary>
public static class ResponsesProtocol
{
    /// <summary>The tag on extension bags holding Responses-only fields.</summary>
    public const string Name = "openai-responses";

    /// <summary>Part-bag key holding a whole item Godex does not model (web_search_call, mcp_call, ...), replayed as is.</summary>
    internal const string OpaqueItem = "item";

    /// <summary>Text-part-bag key holding the item-level fields (id, status, phase) of the assistant message the text came in.</summary>
    internal const string MessageFields = "message";

    /// <summary>
    /// The function-tool name a `namespace` tool's member gets: flat, so every protocol can call it, and
    /// mapped back to namespace + name for Responses. Namespaces ending in `_` (Codex's `mcp__server__`) join directly.
    /// </summary>
    public static string FlatName(string space, string name) =>
        space.EndsWith('_') ? space + name : space + "__" + name;

    /// <summary>The member name inside its namespace, given the flat name <see cref="FlatName"/> built.</summary>
    public static string MemberName(string space, string flatName)
    {
        var prefix = space.EndsWith('_') ? space : space + "__";
        return flatName.StartsWith(prefix, StringComparison.Ordinal) ? flatName[prefix.Length..] : flatName;
    }

    /// <summary>Maps an `incomplete_details.reason` to a finish reason.</summary>
    public static FinishReason IncompleteReason(string? reason) => reason switch
    {
        "content_filter" => FinishReason.ContentFilter,
        _ => FinishReason.Length,
    };

    /// <summary>The `incomplete_details.reason` for a finish reason that ends a response as incomplete, else null.</summary>
    public static string? IncompleteReasonFor(FinishReason reason) => reason switch
    {
        FinishReason.Length => "max_output_tokens",
        FinishReason.ContentFilter => "content_filter",
        _ => null,
    };
}
