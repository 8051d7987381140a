using System.Net;
using System.Runtime.CompilerServices;

using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Security;
using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// A provider reached over HTTP. Sends through the shared pooled client, keeps an upstream's error
/// status and message (and its `retry-after`), and turns an unreachable upstream or a connection cut
/// before the answer into a <see cref="GodexException"/> (the failover loop moves on from it) and a
/// broken stream into a failure event. It asks its credential source before each call (the one place
/// a key or login is put on), and after a 401 asks it once for a renewed credential and sends the
/// request again. It keeps no timer: `timeout_seconds` and the answer's other timeouts are the
/// registry's <c>TimeoutProvider</c>'s, which cancels the call's token.
/// </summary>
public sealed class HttpProvider(ProviderConfig config, IUpstream upstream, IHttpClientFactory httpClients, Specs.ProviderSpec spec, ICredentialSource credentials, TimeProvider time) : IProvider
{
    /// <summary>Pages of a model list read at most, so a broken cursor cannot page forever.</summary>
    private const int MaxModelPages = 50;

    private readonly UpstreamLimits _limits = UpstreamLimits.For(config);

    public string Name => config.Name;

    public string Type => config.Type;

    public IReadOnlyList<string> Models => config.Models;

    public bool ServesAnyModel => true;

    public Specs.ProviderSpec Spec => spec;

    public string? UnavailableReason => credentials.State is { Available: false } state ? state.Reason : null;

    public async IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An upstream that answers only streams (ChatGPT's Codex backend) is asked for one either way.
        var stream = call.Request.Stream || spec.StreamOnly;
        using var response = await SendAsync(call, () => upstream.CreateRequest(call.Request, stream), cancellationToken);
        if (!stream || response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // A whole answer (asked for, or a server that ignored the stream flag) is replayed as its events.
            var body = await ReadBodyAsync(response, cancellationToken);
            foreach (var streamEvent in ResponseEvents.Unfold(upstream.ReadResponse(body)))
            {
                yield return streamEvent;
            }

            yield break;
        }

        await using var content = new LimitedUpstreamStream(await response.Content.ReadAsStreamAsync(cancellationToken), _limits, countEvents: true);
        await using var events = upstream.ReadStream(content, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
            catch (Exception exception) when (IsBrokenAnswer(exception) && !cancellationToken.IsCancellationRequested)
            {
                current = new ResponseFailed(Broken(exception, "the stream"));
            }

            yield return current;
            if (current is ResponseFailed)
            {
                yield break;
            }
        }
    }

    public async Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        if (upstream.CreateCountRequest(call.Request) is not { } count)
        {
            return null;
        }

        using var response = await SendAsync(call, count, () => upstream.CreateCountRequest(call.Request)!, cancellationToken);
        return upstream.ReadCount(await ReadBodyAsync(response, cancellationToken));
    }

    public async Task<IReadOnlyList<DiscoveredModel>?> ListModelsAsync(CancellationToken cancellationToken)
    {
        var models = new List<DiscoveredModel>();
        string? cursor = null;
        for (var page = 0; page < MaxModelPages; page++)
        {
            if (upstream.CreateModelsRequest(cursor) is not { } request)
            {
                return null;
            }

            var at = cursor;
            using var response = await SendAsync(call: null, request, () => upstream.CreateModelsRequest(at)!, cancellationToken);
            var listed = upstream.ReadModels(await ReadBodyAsync(response, cancellationToken));
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

    private Task<HttpResponseMessage> SendAsync(ProviderCall call, Func<HttpRequestMessage> create, CancellationToken cancellationToken) =>
        SendAsync(call, create(), create, cancellationToken);

    /// <summary>
    /// Sends a request and returns once headers arrive; upstream errors are thrown with their status and
    /// message. A 401 is retried once (with <paramref name="again"/>, as a sent request cannot be sent
    /// twice) when the credential source has a renewed credential.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(ProviderCall? call, HttpRequestMessage first, Func<HttpRequestMessage> again, CancellationToken cancellationToken)
    {
        Credential? credential;
        try
        {
            credential = await credentials.GetAsync(call, cancellationToken);
        }
        catch
        {
            first.Dispose();
            throw;
        }

        var response = await SendOnceAsync(first, credential, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && credential is not null)
        {
            var refusal = await ReadErrorAsync(response, credential, cancellationToken);
            var renewed = await credentials.RenewAsync(credential, refusal, cancellationToken) ?? throw new GodexException(refusal);
            credential = renewed;
            response = await SendOnceAsync(again(), renewed, cancellationToken);
        }

        return response.IsSuccessStatusCode ? response : throw new GodexException(await ReadErrorAsync(response, credential, cancellationToken));
    }

    /// <summary>One attempt: the spec's default headers, config headers, then the credential, then the send; any status comes back.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, Credential? credential, CancellationToken cancellationToken)
    {
        using var message = request;
        foreach (var (name, value) in spec.DefaultHeaders)
        {
            if (!message.Headers.Contains(name))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        foreach (var (name, value) in config.Headers)
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (credential is not null)
        {
            CredentialHeaders.Apply(message, credential);
        }

        try
        {
            return await httpClients.CreateClient(UpstreamHttp.ClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            // Refused, reset, DNS or TLS: nothing was answered, so another endpoint may serve.
            throw new GodexException(new GodexError(502, "provider.unreachable", $"Provider '{Name}' at {config.BaseUrl} is unreachable: {exception.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not our token: the handler's connect timeout.
            throw new GodexException(new GodexError(504, "provider.unreachable", $"Provider '{Name}' at {config.BaseUrl} did not accept a connection within {UpstreamHttp.ConnectTimeout.TotalSeconds:0} s."));
        }
    }

    /// <summary>
    /// A whole body, inflated at most to the response limit; a connection cut, an encoding that does not
    /// decode or a body over the limit is a 502 (nothing reached the client yet, so the loop may fail over).
    /// </summary>
    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = new LimitedUpstreamStream(await response.Content.ReadAsStreamAsync(cancellationToken), _limits, countEvents: false);
            using var body = new MemoryStream(response.Content.Headers.ContentLength is { } length && length <= _limits.MaxResponseBytes ? (int)length : 0);
            await content.CopyToAsync(body, cancellationToken);
            return body.ToArray();
        }
        catch (Exception exception) when (IsBrokenAnswer(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new GodexException(Broken(exception, "its answer"));
        }
    }

    /// <summary>A cut connection (IOException, HttpRequestException) or a gzip/brotli body that does not decode (InvalidDataException).</summary>
    private static bool IsBrokenAnswer(Exception exception) => exception is IOException or HttpRequestException or InvalidDataException;

    private GodexError Broken(Exception exception, string what) => exception switch
    {
        UpstreamLimitException limit => limit.Error,
        InvalidDataException => new GodexError(502, "provider.stream_broken", $"Provider '{Name}' sent {what} in an encoding that could not be decoded: {exception.Message}"),
        _ => new GodexError(502, "provider.stream_broken", $"Provider '{Name}' broke off {what}: {exception.Message}"),
    };

    /// <summary>
    /// An upstream error answer as an error keeping its status, message and `retry-after`, without the
    /// credential it was sent with should the upstream echo it; disposes the answer.
    /// </summary>
    private async Task<GodexError> ReadErrorAsync(HttpResponseMessage response, Credential? credential, CancellationToken cancellationToken)
    {
        using (response)
        {
            var errorBody = await ReadBodyAsync(response, cancellationToken);
            var error = upstream.ReadError((int)response.StatusCode, errorBody);
            error = error with { Message = SecretText.Redact(error.Message, credential?.AccessToken) };
            return RetryAfterHeaders.Apply(error, response.Headers, (int)response.StatusCode, time.GetUtcNow());
        }
    }
}
