using System.Buffers;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.Anthropic;

namespace Godex.Gateway.Providers.Anthropic;

/// <summary>
/// An Anthropic Messages upstream (`type: anthropic`). `base_url` is the host root, as in Anthropic's
/// SDKs (https://api.anthropic.com); Godex appends /v1/messages. The key goes in `x-api-key` (the spec's auth). An
/// Anthropic client's `anthropic-version` and `anthropic-beta` are forwarded; otherwise the version
/// is 2023-06-01, the one every Messages feature is served under.
/// </summary>
public sealed class AnthropicUpstream(ProviderConfig config, TimeProvider time) : IUpstream
{
    public const string DefaultVersion = "2023-06-01";

    private static readonly string[] ForwardedHeaders = ["anthropic-version", "anthropic-beta"];

    private readonly Uri _messages = new(config.BaseUrl!.TrimEnd('/') + "/v1/messages");
    private readonly Uri _count = new(config.BaseUrl!.TrimEnd('/') + "/v1/messages/count_tokens");

    public HttpRequestMessage CreateRequest(ChatRequest request, bool stream)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        AnthropicRequestWriter.Write(body, request, AnthropicWriterOptions.Default, stream);
        return WithVersion(UpstreamRequest.Json(_messages, body, stream), request);
    }

    public HttpRequestMessage? CreateCountRequest(ChatRequest request)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        AnthropicRequestWriter.WriteCount(body, request);
        return WithVersion(UpstreamRequest.Json(_count, body, stream: false), request);
    }

    public long ReadCount(ReadOnlySpan<byte> body) => InputTokensCount.Read(body, config.Name, "count_tokens");

    /// <summary>The default version, as no client request is behind a discovery.</summary>
    public HttpRequestMessage? CreateModelsRequest(string? cursor) => WithVersion(AnthropicModelList.Request(config.BaseUrl!, cursor), new ChatRequest());

    public ModelPage ReadModels(ReadOnlySpan<byte> body) => AnthropicModelList.Read(body, config.Name);

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body) => AnthropicResponseReader.Read(body, time.GetUtcNow());

    public IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken) =>
        AnthropicStreamReader.ReadAsync(body, time, cancellationToken);

    public GodexError ReadError(int status, ReadOnlySpan<byte> body) => AnthropicErrors.Read(status, body, config.Name);

    /// <summary>The client's `anthropic-version` and `anthropic-beta` where it spoke Anthropic, else the default version.</summary>
    private static HttpRequestMessage WithVersion(HttpRequestMessage message, ChatRequest request)
    {
        var forwarded = ProtocolHeaders.For(request.Headers, AnthropicProtocol.Name);
        foreach (var name in ForwardedHeaders)
        {
            if (forwarded?.TryGetValue(name, out var value) == true)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (!message.Headers.Contains("anthropic-version"))
        {
            message.Headers.TryAddWithoutValidation("anthropic-version", DefaultVersion);
        }

        return message;
    }
}
