using System.Buffers;
using System.Net.Http.Headers;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.OpenAIChat;

namespace Godex.Gateway.Providers.OpenAIChat;

/// <summary>An OpenAI-compatible Chat Completions upstream (`type: openai`): POST `{base_url}/chat/completions`, Bearer key.</summary>
public sealed class OpenAIChatUpstream(ProviderConfig config, Specs.ProviderSpec? spec = null) : IUpstreamProtocol
{
    private readonly Uri _endpoint = new(config.BaseUrl!.TrimEnd('/') + "/chat/completions");

    private readonly OpenAIChatWriterOptions _writerOptions = new()
    {
        MaxTokensField = config.MaxTokensField ?? "max_tokens",
        SupportsDeveloperRole = config.DeveloperRole ?? false,
        ReasoningReplayField = config.ReasoningReplayField,
        RequestStreamUsage = spec?.StreamUsageOption ?? true,
    };

    public HttpRequestMessage CreateRequest(ChatRequest request)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        OpenAIChatRequestWriter.Write(body, request, _writerOptions);
        var message = UpstreamRequest.Json(_endpoint, body, request.Stream);
        if ((request.ProviderKey ?? config.ApiKey) is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return message;
    }

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body) => OpenAIChatResponseReader.Read(body);

    public IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken) =>
        OpenAIChatStreamReader.ReadAsync(body, cancellationToken);

    public GodexError ReadError(int status, ReadOnlySpan<byte> body) => OpenAIChatErrors.Read(status, body, config.Name);

    public HttpRequestMessage? CreateModelsRequest(string? cursor)
    {
        var message = OpenAIModelList.Request(config.BaseUrl!);
        if (config.ApiKey is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return message;
    }

    public ModelPage ReadModels(ReadOnlySpan<byte> body) => OpenAIModelList.Read(body, config.Name);
}
