namespace Godex.Wire.Responses;

/// <summary>
/// The request a Responses answer replies to: a response object echoes the request's settings, and
/// the request's tools decide how calls are written (custom tools, namespaces).
/// </summary>
public sealed class ResponsesReply
{
    public ResponsesReply(ChatRequest request)
    {
        Request = request;
        Tools = new ResponsesToolMap(request.Tools);
    }

    public ChatRequest Request { get; }

    public ResponsesToolMap Tools { get; }
}

/// <summary>Response and item ids in the API's forms (resp_, msg_, fc_, rs_, ...), stable within one response.</summary>
internal sealed class ResponsesIds(string responseId)
{
    private readonly string _core = responseId.StartsWith("resp_", StringComparison.Ordinal) ? responseId["resp_".Length..] : responseId;
    private int _next;

    public string ResponseId { get; } = responseId;

    /// <summary>The response id a Responses client sees: the upstream's when it is one, else derived from it.</summary>
    public static ResponsesIds For(string upstreamId) => new(
        upstreamId.Length == 0 ? "resp_" + Guid.NewGuid().ToString("N")
        : upstreamId.StartsWith("resp_", StringComparison.Ordinal) ? upstreamId
        : "resp_" + upstreamId);

    public string Next(string prefix) => $"{prefix}_{_core}_{_next++}";

    public static string PrefixFor(string callType) => callType switch
    {
        ResponsesCalls.Custom => "ctc",
        ResponsesCalls.ApplyPatch => "apc",
        ResponsesCalls.LocalShell => "lsc",
        ResponsesCalls.Shell => "shc",
        _ => "fc",
    };
}
