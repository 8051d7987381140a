using System.Buffers;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.OpenAIChat;

namespace Godex.Gateway.Providers.OpenAIChat;

/// <summary>An OpenAI-compatible Chat Completions upstream (`type: openai`): POST `{base_url}/chat/completions`.</summary>
public sealed class OpenAIChatUpstream(ProviderConfig config, Specs.ProviderSpec? spec = null) : IUpstream
{
    private readonly Uri _endpoint = new(config.BaseUrl!.TrimEnd('/') + "/chat/completions");

    private readonly OpenAIChatWriterOptions _writerOptions = new()
    {
        MaxTokensField = config.MaxTokensField ?? "max_tokens",
        SupportsDeveloperRole = config.DeveloperRole ?? false,
        ReasoningReplayField = config.ReasoningReplayField,
        RequestStreamUsage = spec?.StreamUsageOption ?? true,
    };

    public HttpRequestMessage CreateRequest(ChatRequest request, bool stream)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        OpenAIChatRequestWriter.Write(body, request, _writerOptions, stream);
        return UpstreamRequest.Json(_endpoint, body, stream);
    }

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body) => OpenAIChatResponseReader.Read(body);

    public IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken) =>
        OpenAIChatStreamReader.ReadAsync(body, cancellationToken);

    public GodexError ReadError(int status, ReadOnlySpan<byte> body) => OpenAIChatErrors.Read(status, body, config.Name);

    public HttpRequestMessage? CreateModelsRequest(string? cursor) => OpenAIModelList.Request(config.BaseUrl!);

    public ModelPage ReadModels(ReadOnlySpan<byte> body) => OpenAIModelList.Read(body, config.Name);
}
