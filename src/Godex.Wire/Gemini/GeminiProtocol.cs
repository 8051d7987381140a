using System.Security.Cryptography;
using System.Text;

namespace Godex.Wire.Gemini;

/// <summary>Names and mappings shared by the Gemini generateContent codec.</summary>
public static class GeminiProtocol
{
    /// <summary>The tag on extension bags holding Gemini-only fields.</summary>
    public const string Name = "gemini";

    /// <summary>
    /// The value Google documents for a functionCall part whose thought signature is not available
    /// (history from another model or protocol); Gemini 3 then skips its signature check instead of
    /// answering 400 "Function call is missing a thought_signature".
    /// </summary>
    public const string SkipSignatureValidator = "skip_thought_signature_validator";

    /// <summary>Prefix of the call ids Godex makes up when Gemini sends a functionCall without `id`.</summary>
    public const string SyntheticCallIdPrefix = "godex_fc_";

    /// <summary>The Tool keys Gemini serves itself; tools of these kinds travel as raw JSON to a Gemini upstream.</summary>
    public static readonly IReadOnlySet<string> NativeToolKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "googleSearch", "googleSearchRetrieval", "codeExecution", "urlContext", "fileSearch",
        "computerUse", "googleMaps", "enterpriseWebSearch", "retrieval", "mcpServers",
    };

    /// <summary>
    /// A stable id for a call Gemini left unnamed: the same response read twice (stream or not) gives
    /// the same id, so clients of other protocols can pair results with calls.
    /// </summary>
    public static string SyntheticCallId(string seed, int ordinal, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{ordinal}|{name}"), hash);
        return SyntheticCallIdPrefix + Convert.ToHexStringLower(hash[..6]) + "_" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Ids Godex made up are not sent to Gemini: it never issued them.</summary>
    public static bool IsSyntheticCallId(string? id) =>
        id is not null && id.StartsWith(SyntheticCallIdPrefix, StringComparison.Ordinal);

    public static FinishReason ParseFinishReason(string? reason) => reason switch
    {
        null or "STOP" or "FINISH_REASON_UNSPECIFIED" => FinishReason.Stop,
        "MAX_TOKENS" => FinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "LANGUAGE"
            or "IMAGE_SAFETY" or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" => FinishReason.ContentFilter,
        _ => FinishReason.Error, // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, OTHER, ...
    };

    public static string FormatFinishReason(FinishReason reason) => reason switch
    {
        FinishReason.Length => "MAX_TOKENS",
        FinishReason.ContentFilter or FinishReason.Refusal => "SAFETY",
        FinishReason.Error => "OTHER",
        _ => "STOP", // Gemini says STOP after function calls too
    };

    /// <summary>The google.rpc status name Gemini's SDKs expect beside each HTTP status.</summary>
    public static string StatusFor(int status) => status switch
    {
        400 or 413 or 422 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        502 or 503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT",
    };

    /// <summary>Strips the `models/` prefix Gemini clients may put on model names.</summary>
    public static string ModelId(string model) =>
        model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
}
