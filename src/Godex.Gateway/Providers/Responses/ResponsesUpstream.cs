using System.Buffers;
using System.Net.Http.Headers;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.Responses;

namespace Godex.Gateway.Providers.Responses;

/// <summary>
/// An OpenAI Responses upstream (`type: openai-responses`). `base_url` includes /v1, as in OpenAI's SDKs
/// (https://api.openai.com/v1); Godex appends /responses. Bearer key. Input tokens are counted by the
/// upstream at POST /responses/input_tokens. Codex's session headers reach it when the client sent them.
/// </summary>
public sealed class ResponsesUpstream(ProviderConfig config) : IUpstreamProtocol
{
    private readonly Uri _responses = new(config.BaseUrl!.TrimEnd('/') + "/responses");
    private readonly Uri _count = new(config.BaseUrl!.TrimEnd('/') + "/responses/input_tokens");

    public HttpRequestMessage CreateRequest(ChatRequest request)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        ResponsesRequestWriter.Write(body, request);
        return Authorize(UpstreamRequest.Json(_responses, body, request.Stream), request);
    }

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body) => ResponsesResponseReader.Read(body);

    public IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken) =>
        ResponsesStreamReader.ReadAsync(body, cancellationToken);

    public GodexError ReadError(int status, ReadOnlySpan<byte> body) => ResponsesErrors.Read(status, body, config.Name);

    public HttpRequestMessage? CreateCountRequest(ChatRequest request)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        ResponsesRequestWriter.WriteCount(body, request);
        return Authorize(UpstreamRequest.Json(_count, body, stream: false), request);
    }

    public long ReadCount(ReadOnlySpan<byte> body) => InputTokensCount.Read(body, config.Name, "responses/input_tokens");

    /// <summary>OpenAI's own model list; the configured key, as no client request is behind a discovery.</summary>
    public HttpRequestMessage? CreateModelsRequest(string? cursor) => Authorize(OpenAIChat.OpenAIModelList.Request(config.BaseUrl!), new ChatRequest());

    public ModelPage ReadModels(ReadOnlySpan<byte> body) => OpenAIChat.OpenAIModelList.Read(body, config.Name);

    private HttpRequestMessage Authorize(HttpRequestMessage message, ChatRequest request)
    {
        if ((request.ProviderKey ?? config.ApiKey) is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in ProtocolHeaders.For(request.Headers, ResponsesProtocol.Name) ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
