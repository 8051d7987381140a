using Godex.EndToEnd.Tests.Conformance;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// What a failing member sends, in its upstream family's exact wire format (field for field as in the
/// recorded transcripts of each family): the frames before the first content (started, content block
/// opened), one frame per text delta, an error inside a 200 (in a stream and as a whole body), an HTTP
/// error body, and a frame that is not JSON. Every text it sends carries <see cref="Marker"/>, so a
/// test can tell whether any of it reached the client.
/// </summary>
public static class FaultWire
{
    /// <summary>In every text delta of the failing member, and nowhere in the good member's answers.</summary>
    public const string Marker = "member-a";

    /// <summary>
    /// The prompt's token count as the failing member reports it where its family does so before the end
    /// (Anthropic's message_start, Gemini's running usageMetadata); far from what Godex would estimate
    /// for the suite's short prompt, so a test can tell a reported figure from an estimate.
    /// </summary>
    public const int ReportedInputTokens = 409;

    /// <summary>Frames before the first content: nothing that shows the client anything yet.</summary>
    public static IReadOnlyList<string> Preamble(string family) => family switch
    {
        UpstreamFamily.Chat => [Data("""{"id":"chatcmpl-a","object":"chat.completion.chunk","created":1770933892,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""")],
        UpstreamFamily.Responses =>
        [
            Event("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"resp_a","object":"response","created_at":1763474589,"status":"in_progress","error":null,"model":"gpt-5-mini","output":[],"usage":null}}"""),
            Event("response.in_progress", """{"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_a","object":"response","created_at":1763474589,"status":"in_progress","error":null,"model":"gpt-5-mini","output":[],"usage":null}}"""),
            Event("response.output_item.added", """{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_a","type":"message","status":"in_progress","content":[],"role":"assistant"}}"""),
            Event("response.content_part.added", """{"type":"response.content_part.added","sequence_number":3,"item_id":"msg_a","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}"""),
        ],
        UpstreamFamily.Anthropic =>
        [
            Event("message_start", $$$$"""{"type":"message_start","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_a","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":{{{{ReportedInputTokens}}}},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"service_tier":"standard"}}}"""),
            Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            Event("ping", """{"type":"ping"}"""),
        ],
        _ => [], // Gemini's first chunk already carries text.
    };

    /// <summary>The <paramref name="index"/>th text delta (from 0), reading "member-a {index}".</summary>
    public static string Delta(string family, int index)
    {
        var text = $"{Marker} {index} ";
        return family switch
        {
            UpstreamFamily.Chat => Data($$"""{"id":"chatcmpl-a","object":"chat.completion.chunk","created":1770933892,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"{{text}}"},"logprobs":null,"finish_reason":null}],"usage":null}"""),
            UpstreamFamily.Responses => Event("response.output_text.delta", $$"""{"type":"response.output_text.delta","sequence_number":{{4 + index}},"item_id":"msg_a","output_index":0,"content_index":0,"delta":"{{text}}","logprobs":[]}"""),
            UpstreamFamily.Anthropic => Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{text}}}"}}"""),
            _ => Data($$"""{"candidates":[{"content":{"parts":[{"text":"{{text}}"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":{{ReportedInputTokens}},"candidatesTokenCount":{{index + 1}},"totalTokenCount":{{ReportedInputTokens + index + 1}},"promptTokensDetails":[{"modality":"TEXT","tokenCount":{{ReportedInputTokens}}}]},"modelVersion":"gemini-3-pro-preview","responseId":"resp-a"}"""),
        };
    }

    /// <summary>What the client is expected to have seen of the first <paramref name="count"/> deltas.</summary>
    public static string DeltaText(int count) => string.Concat(Enumerable.Range(0, count).Select(index => $"{Marker} {index} "));

    /// <summary>An error event inside a 200 stream, as each family sends one when it fails after the headers.</summary>
    public static string StreamError(string family) => family switch
    {
        UpstreamFamily.Chat => Data("""{"error":{"message":"member-a: The server had an error while processing your request.","type":"server_error","param":null,"code":null}}"""),
        UpstreamFamily.Responses =>
            Event("error", """{"type":"error","sequence_number":4,"error":{"type":"server_error","code":"server_error","message":"member-a: The server had an error processing your request.","param":null}}""")
            + Event("response.failed", """{"type":"response.failed","sequence_number":5,"response":{"id":"resp_a","object":"response","created_at":1763474589,"status":"failed","error":{"code":"server_error","message":"member-a: The server had an error processing your request."},"model":"gpt-5-mini","output":[],"usage":null}}"""),
        UpstreamFamily.Anthropic => Event("error", """{"type":"error","error":{"type":"overloaded_error","message":"member-a: Overloaded"}}"""),
        _ => Data("""{"error":{"code":503,"message":"member-a: The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"""),
    };

    /// <summary>A whole answer that is an error although its status is 200.</summary>
    public static string BodyError(string family) => family switch
    {
        UpstreamFamily.Responses => """{"id":"resp_a","object":"response","created_at":1763474589,"status":"failed","error":{"code":"server_error","message":"member-a: The server had an error processing your request."},"model":"gpt-5-mini","output":[],"usage":null}""",
        _ => ErrorBody(family, 503, "member-a: The model is overloaded."),
    };

    /// <summary>An HTTP error answer's body, as the family writes one for <paramref name="status"/>.</summary>
    public static string ErrorBody(string family, int status, string message) => family switch
    {
        UpstreamFamily.Anthropic => $$$"""{"type":"error","error":{"type":"{{{status switch { 429 => "rate_limit_error", 503 or 529 => "overloaded_error", _ => "api_error" }}}}","message":"{{{message}}}"}}""",
        UpstreamFamily.Gemini => $$$"""{"error":{"code":{{{status}}},"message":"{{{message}}}","status":"{{{status switch { 429 => "RESOURCE_EXHAUSTED", 503 => "UNAVAILABLE", _ => "INTERNAL" }}}}"}}""",
        _ => $$$"""{"error":{"message":"{{{message}}}","type":"{{{(status == 429 ? "requests" : "server_error")}}}","param":null,"code":null}}""",
    };

    /// <summary>A frame whose data is not JSON: a chunk cut in the middle, as a broken proxy passes one on.</summary>
    public const string Malformed = "data: {\"choices\":[{\"delta\":{\"content\":\"member-a\n\n";

    private static string Data(string json) => "data: " + json + "\n\n";

    private static string Event(string name, string json) => "event: " + name + "\ndata: " + json + "\n\n";
}
