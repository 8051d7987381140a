using System.Buffers;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.Responses;

namespace Godex.Gateway.Providers.Responses;

/// <summary>
/// An OpenAI Responses upstream (`type: openai-responses`). `base_url` includes /v1, as in OpenAI's SDKs
/// (https://api.openai.com/v1); Godex appends /responses. Input tokens are counted by the
/// upstream at POST /responses/input_tokens (unless the spec says it has no such endpoint). Codex's session
/// headers reach it when the client sent them.
/// </summary>
public sealed class ResponsesUpstream(ProviderConfig config, Specs.ProviderSpec? spec = null) : IUpstream
{
    private readonly Uri _responses = new(config.BaseUrl!.TrimEnd('/') + "/responses");
    private readonly Uri _count = new(config.BaseUrl!.TrimEnd('/') + "/responses/input_tokens");

    public HttpRequestMessage CreateRequest(ChatRequest request, bool stream)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        ResponsesRequestWriter.Write(body, request, stream);
        return WithSessionHeaders(UpstreamRequest.Json(_responses, body, stream), request);
    }

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body) => ResponsesResponseReader.Read(body);

    public IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken) =>
        ResponsesStreamReader.ReadAsync(body, cancellationToken);

    public GodexError ReadError(int status, ReadOnlySpan<byte> body) => ResponsesErrors.Read(status, body, config.Name);

    public HttpRequestMessage? CreateCountRequest(ChatRequest request)
    {
        if (spec is { CountsTokens: false })
        {
            return null;
        }

        var body = new ArrayBufferWriter<byte>(4096);
        ResponsesRequestWriter.WriteCount(body, request);
        return WithSessionHeaders(UpstreamRequest.Json(_count, body, stream: false), request);
    }

    public long ReadCount(ReadOnlySpan<byte> body) => InputTokensCount.Read(body, config.Name, "responses/input_tokens");

    /// <summary>OpenAI's own model list.</summary>
    public HttpRequestMessage? CreateModelsRequest(string? cursor) => OpenAIChat.OpenAIModelList.Request(config.BaseUrl!);

    public ModelPage ReadModels(ReadOnlySpan<byte> body) => OpenAIChat.OpenAIModelList.Read(body, config.Name);

    /// <summary>Codex's session headers, where the client sent them.</summary>
    private static HttpRequestMessage WithSessionHeaders(HttpRequestMessage message, ChatRequest request)
    {
        foreach (var (name, value) in ProtocolHeaders.For(request.Headers, ResponsesProtocol.Name) ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
