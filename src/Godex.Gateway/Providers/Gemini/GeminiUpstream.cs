using System.Buffers;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.Gemini;

namespace Godex.Gateway.Providers.Gemini;

/// <summary>
/// A Gemini API upstream (`type: gemini`). `base_url` is the host root, as in Google's SDKs
/// (https://generativelanguage.googleapis.com); Godex appends `/v1beta/models/{model}:generateContent`
/// or `:streamGenerateContent?alt=sse`. A base URL that already ends in an API version is used as is.
/// The key goes in `x-goog-api-key` (the spec's auth).
/// </summary>
public sealed class GeminiUpstream(ProviderConfig config, TimeProvider time) : IUpstream
{
    private readonly string _root = ApiRoot(config.BaseUrl!);

    public HttpRequestMessage CreateRequest(ChatRequest request, bool stream)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        GeminiRequestWriter.Write(body, request);
        var method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return UpstreamRequest.Json(Endpoint(request.Model, method), body, stream);
    }

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body) => GeminiResponseReader.Read(body, time.GetUtcNow());

    public IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken) =>
        GeminiStreamReader.ReadAsync(body, time.GetUtcNow(), cancellationToken);

    public GodexError ReadError(int status, ReadOnlySpan<byte> body) => GeminiErrors.Read(status, body, config.Name);

    public HttpRequestMessage? CreateCountRequest(ChatRequest request)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        GeminiRequestWriter.WriteCountTokens(body, request);
        return UpstreamRequest.Json(Endpoint(request.Model, ":countTokens"), body, stream: false);
    }

    public HttpRequestMessage? CreateModelsRequest(string? cursor) => GeminiModelList.Request(_root, cursor);

    public ModelPage ReadModels(ReadOnlySpan<byte> body) => GeminiModelList.Read(body, config.Name);

    public long ReadCount(ReadOnlySpan<byte> body) =>
        GeminiCountTokens.Read(body)
        ?? throw new GodexException(new GodexError(502, "provider.invalid_response", $"Provider '{config.Name}' answered countTokens without a totalTokens figure."));

    // The model is escaped whole (slashes too), so no model name can reach another path of the API with Godex's key.
    private Uri Endpoint(string model, string method) =>
        new(_root + "/models/" + Uri.EscapeDataString(GeminiProtocol.ModelId(model)) + method);

    /// <summary>The API root: `{base_url}/v1beta`, unless base_url already names a version.</summary>
    private static string ApiRoot(string baseUrl)
    {
        var root = baseUrl.TrimEnd('/');
        var last = root[(root.LastIndexOf('/') + 1)..];
        return last is "v1" or "v1beta" or "v1alpha" ? root : root + "/v1beta";
    }
}
