using System.Runtime.CompilerServices;

using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// A provider reached over HTTP. Sends through the shared pooled client, waits at most
/// `timeout_seconds` for response headers, keeps an upstream's error status and message (and its
/// `retry-after`), and turns a broken stream into a failure event rather than an exception.
/// </summary>
public sealed class HttpProvider(ProviderConfig config, IUpstreamProtocol protocol, IHttpClientFactory httpClients, Specs.ProviderSpec spec) : IProvider
{
    /// <summary>Pages of a model list read at most, so a broken cursor cannot page forever.</summary>
    private const int MaxModelPages = 50;

    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(config.TimeoutSeconds ?? 600);

    public string Name => config.Name;

    public string Type => config.Type;

    public IReadOnlyList<string> Models => config.Models;

    public bool ServesAnyModel => true;

    public Specs.ProviderSpec Spec => spec;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request with { Stream = false }, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return protocol.ReadResponse(body);
    }

    public async IAsyncEnumerable<StreamEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request with { Stream = true }, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // Some servers ignore the stream flag and answer whole; replay that as a stream.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            foreach (var streamEvent in ResponseEvents.Unfold(protocol.ReadResponse(body)))
            {
                yield return streamEvent;
            }

            yield break;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var events = protocol.ReadStream(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
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

    public async Task<long?> CountTokensAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (protocol.CreateCountRequest(request) is not { } count)
        {
            return null;
        }

        using var response = await SendAsync(count, cancellationToken);
        return protocol.ReadCount(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<DiscoveredModel>?> ListModelsAsync(CancellationToken cancellationToken)
    {
        var models = new List<DiscoveredModel>();
        string? cursor = null;
        for (var page = 0; page < MaxModelPages; page++)
        {
            if (protocol.CreateModelsRequest(cursor) is not { } request)
            {
                return null;
            }

            using var response = await SendAsync(request, cancellationToken);
            var listed = protocol.ReadModels(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            models.AddRange(listed.Models);

            // A cursor that does not move (or an empty page) would page forever.
            if (listed.NextCursor is null || listed.NextCursor == cursor || listed.Models.Count == 0)
            {
                break;
            }

            cursor = listed.NextCursor;
        }

        return models;
    }

    private Task<HttpResponseMessage> SendAsync(ChatRequest request, CancellationToken cancellationToken) =>
        SendAsync(protocol.CreateRequest(request), cancellationToken);

    /// <summary>Sends a request and returns once headers arrive; upstream errors are thrown with their status and message.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var message = request;
        foreach (var (name, value) in config.Headers)
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headersTimeout.CancelAfter(_timeout);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(UpstreamHttp.ClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, headersTimeout.Token);
        }
        catch (HttpRequestException exception)
        {
            throw new GodexException(new GodexError(502, "provider.unreachable", $"Provider '{Name}' at {config.BaseUrl} is unreachable: {exception.Message}"));
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
            var error = protocol.ReadError((int)response.StatusCode, errorBody);
            var retryAfter = response.Headers.TryGetValues("retry-after", out var values) ? string.Join(",", values) : null;
            throw new GodexException(error with { RetryAfter = retryAfter ?? error.RetryAfter });
        }
    }
}
