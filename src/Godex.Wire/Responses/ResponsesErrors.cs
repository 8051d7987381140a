using System.Buffers;

using Godex.Wire.OpenAIChat;

namespace Godex.Wire.Responses;

/// <summary>
/// Errors in the Responses API. HTTP error bodies are OpenAI's `{"error":{message,type,param,code}}`,
/// the same as Chat Completions, so those delegate to <see cref="OpenAIChatErrors"/>; failures inside a
/// stream or a response object (`error` events, `response.error`) are read here.
/// </summary>
public static class ResponsesErrors
{
    public static void Write(IBufferWriter<byte> output, GodexError error) => OpenAIChatErrors.Write(output, error);

    public static GodexError Read(int status, ReadOnlySpan<byte> body, string provider) => OpenAIChatErrors.Read(status, body, provider);

    /// <summary>A failure the upstream reported inside a 200 answer (a failed response, an `error` event).</summary>
    internal static GodexError FromUpstream(ErrorDto? error, string? code = null, string? message = null, string? param = null)
    {
        var upstreamCode = OpenAIChatErrors.CodeText(error?.Code) ?? code;
        var text = error?.Message ?? message ?? "The upstream reported a failure without a message.";
        var status = upstreamCode switch
        {
            "rate_limit_exceeded" or "insufficient_quota" => 429,
            "invalid_prompt" or "context_length_exceeded" or "invalid_request_error" => 400,
            _ => 502,
        };
        return new GodexError(status, "provider.response_failed", text)
        {
            Param = error?.Param ?? param,
            UpstreamType = error?.Type,
            UpstreamCode = upstreamCode,
        };
    }
}
