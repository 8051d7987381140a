namespace Godex.Wire;

/// <summary>
/// The one table of what each protocol calls a kind of error, so an upstream's error reaches a client
/// of another family in that client's words: Gemini's `RESOURCE_EXHAUSTED` is `rate_limit_error` to
/// Anthropic's SDK and `rate_limit_exceeded` to OpenAI's, Anthropic's `overloaded_error` is Gemini's
/// `UNAVAILABLE`. A type the client's own family uses passes as the upstream sent it.
/// </summary>
public static class ErrorTypes
{
    /// <param name="OpenAIType">`error.type` for OpenAI's shapes (Chat, Responses).</param>
    /// <param name="OpenAICode">`error.code` OpenAI's SDKs and Codex look for, where the kind has one.</param>
    /// <param name="Anthropic">Anthropic's `error.type`.</param>
    /// <param name="Gemini">Gemini's `error.status` (google.rpc.Code names).</param>
    /// <param name="AlsoGemini">Other google.rpc names that mean the same kind.</param>
    private sealed record Kind(string OpenAIType, string? OpenAICode, string Anthropic, string Gemini, params string[] AlsoGemini);

    private static readonly Kind[] Kinds =
    [
        new("invalid_request_error", null, "invalid_request_error", "INVALID_ARGUMENT", "OUT_OF_RANGE", "FAILED_PRECONDITION"),
        new("authentication_error", "invalid_api_key", "authentication_error", "UNAUTHENTICATED"),
        new("insufficient_quota", "insufficient_quota", "billing_error", "FAILED_PRECONDITION"),
        new("permission_error", null, "permission_error", "PERMISSION_DENIED"),
        new("invalid_request_error", null, "not_found_error", "NOT_FOUND"),
        new("invalid_request_error", "request_too_large", "request_too_large", "INVALID_ARGUMENT"),
        new("rate_limit_error", "rate_limit_exceeded", "rate_limit_error", "RESOURCE_EXHAUSTED"),
        new("server_error", "server_overloaded", "overloaded_error", "UNAVAILABLE"),
        new("server_error", "timeout", "timeout_error", "DEADLINE_EXCEEDED"),
        new("server_error", null, "api_error", "INTERNAL", "UNKNOWN", "DATA_LOSS", "UNIMPLEMENTED", "ABORTED", "CANCELLED"),
    ];

    /// <summary>Types OpenAI (and compatible servers) send that are theirs: kept, with their code.</summary>
    private static readonly HashSet<string> OpenAIOwn = [.. Kinds.Select(kind => kind.OpenAIType), "requests", "tokens", "usage_limit_reached", "usage_not_included"];

    /// <summary>The `type` and `code` an OpenAI client sees: the upstream's own when they are OpenAI's, else the table's.</summary>
    public static (string Type, string? Code) ForOpenAI(GodexError error)
    {
        if (error.UpstreamType is not { } upstream)
        {
            return (OpenAITypeFor(error.Status), error.UpstreamCode);
        }

        var kind = Find(upstream, withOpenAI: true);
        if (OpenAIOwn.Contains(upstream))
        {
            return (upstream, error.UpstreamCode ?? (kind?.OpenAIType == upstream ? kind.OpenAICode : null));
        }

        // Another family's type: its code (Gemini's is the HTTP status as a number) means nothing here either.
        return kind is null ? (upstream, error.UpstreamCode) : (kind.OpenAIType, kind.OpenAICode);
    }

    /// <summary>
    /// Anthropic's `error.type` for a Gemini status, or null: OpenAI's types are coarser than the HTTP
    /// status (`server_error` for every 5xx), so for them the status decides.
    /// </summary>
    public static string? ForAnthropic(string? upstream) => upstream is null ? null : Find(upstream, withOpenAI: false)?.Anthropic;

    /// <summary>Gemini's `error.status` for an Anthropic type, or null (OpenAI's types: the status decides).</summary>
    public static string? ForGemini(string? upstream) => upstream is null ? null : Find(upstream, withOpenAI: false)?.Gemini;

    /// <summary>The `type` OpenAI's SDKs and docs use for each status.</summary>
    public static string OpenAITypeFor(int status) => status switch
    {
        400 or 404 or 409 or 413 or 422 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        _ => status >= 500 ? "server_error" : "invalid_request_error",
    };

    private static Kind? Find(string upstream, bool withOpenAI)
    {
        foreach (var kind in Kinds)
        {
            if (kind.Anthropic == upstream || kind.Gemini == upstream || Array.IndexOf(kind.AlsoGemini, upstream) >= 0)
            {
                return kind;
            }
        }

        foreach (var kind in withOpenAI ? Kinds : [])
        {
            if (kind.OpenAIType == upstream)
            {
                return kind;
            }
        }

        return null;
    }
}
