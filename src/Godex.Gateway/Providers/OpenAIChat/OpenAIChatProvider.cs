using System.Buffers;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.OpenAIChat;

namespace Godex.Gateway.Providers.OpenAIChat;

/// <summary>An OpenAI-compatible Chat Completions upstream (`type: openai`): `{base_url}/chat/completions`.</summary>
public sealed class OpenAIChatProvider : IProvider
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly ProviderConfig _config;
    private readonly IHttpClientFactory _httpClients;
    private readonly Uri _endpoint;
    private readonly OpenAIChatWriterOptions _writerOptions;
    private readonly TimeSpan _timeout;

    public OpenAIChatProvider(ProviderConfig config, IHttpClientFactory httpClients)
    {
        _config = config;
        _httpClients = httpClients;
        _endpoint = new Uri(config.BaseUrl!.TrimEnd('/') + "/chat/completions");
        _timeout = TimeSpan.FromSeconds(config.TimeoutSeconds ?? 600);
        _writerOptions = new OpenAIChatWriterOptions
        {
            MaxTokensField = config.MaxTokensField ?? "max_tokens",
            SupportsDeveloperRole = config.DeveloperRole ?? false,
            ReasoningReplayField = config.ReasoningReplayField,
        };
    }

    public string Name => _config.Name;

    public string Type => ProviderTypes.OpenAI;

    public IReadOnlyList<string> Models => _config.Models;

    public bool ServesAnyModel => true;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request with { Stream = false }, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return OpenAIChatResponseReader.Read(body);
    }

    public async IAsyncEnumerable<StreamEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request with { Stream = true }, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // Some compatible servers ignore `stream` and answer whole; replay it as a stream.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            foreach (var streamEvent in ResponseEvents.Unfold(OpenAIChatResponseReader.Read(body)))
            {
                yield return streamEvent;
            }

            yield break;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var events = OpenAIChatStreamReader.ReadAsync(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamEvent current;
            try
            {
                if (!await events.MoveNextAsync())
                {
                    yield break;
                }

                current = events.Current;
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                current = new ResponseFailed(new GodexError(502, "provider.stream_broken", $"Provider '{Name}' broke off the stream: {exception.Message}"));
            }

            yield return current;
            if (current is ResponseFailed)
            {
                yield break;
            }
        }
    }

    /// <summary>Sends the request and returns once headers arrive; upstream errors are thrown with their status and message.</summary>
    private async Task<HttpResponseMessage> SendAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        OpenAIChatRequestWriter.Write(body, request, _writerOptions);

        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ReadOnlyMemoryContent(body.WrittenMemory) { Headers = { ContentType = JsonContentType } },
        };
        if (_config.ApiKey is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in _config.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.Accept.ParseAdd(request.Stream ? "text/event-stream" : "application/json");

        using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headersTimeout.CancelAfter(_timeout);
        HttpResponseMessage response;
        try
        {
            response = await _httpClients.CreateClient(UpstreamHttp.ClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, headersTimeout.Token);
        }
        catch (HttpRequestException exception)
        {
            throw new GodexException(new GodexError(502, "provider.unreachable", $"Provider '{Name}' at {_config.BaseUrl} is unreachable: {exception.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GodexException(new GodexError(504, "provider.timeout", $"Provider '{Name}' did not answer within {_timeout.TotalSeconds:0} s (providers.{Name}.timeout_seconds)."));
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var errorBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            throw new GodexException(OpenAIChatErrors.Read((int)response.StatusCode, errorBody, Name));
        }
    }
}
