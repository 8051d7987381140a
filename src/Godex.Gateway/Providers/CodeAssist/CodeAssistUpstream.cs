using System.Buffers;

using Godex.Gateway.Configuration;
using Godex.Gateway.Specs;
using Godex.Wire;
using Godex.Wire.Gemini;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// Code Assist's wire at one host: `POST {host}/v1internal:generateContent` or
/// `:streamGenerateContent?alt=sse`, the Gemini request wrapped as `{model, project, request}`, every
/// answer unwrapped from `{response}` and read by the Gemini codec. The bearer token comes from the
/// provider's credential source; the project from its <see cref="ProjectDiscovery"/>, which the
/// provider has awaited before any request is built.
/// </summary>
public sealed class CodeAssistUpstream(ProviderConfig config, string host, CodeAssistPreset preset, ProjectDiscovery discovery, TimeProvider time) : IUpstream
{
    public string Host => host;

    public HttpRequestMessage CreateRequest(ChatRequest request, bool stream)
    {
        var gemini = new ArrayBufferWriter<byte>(4096);
        GeminiRequestWriter.Write(gemini, request);
        var body = new ArrayBufferWriter<byte>(gemini.WrittenCount + 256);
        var project = discovery.Known ?? throw new InvalidOperationException("The Code Assist project is looked up before any request is built.");
        CodeAssistEnvelope.Wrap(body, preset.UpstreamModel(GeminiProtocol.ModelId(request.Model)), project, gemini.WrittenSpan, EnvelopeFields());
        var method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return WithPresetHeaders(UpstreamRequest.Json(new Uri(host + "/v1internal" + method), body, stream));
    }

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body) => GeminiResponseReader.Read(CodeAssistEnvelope.Unwrap(body), time.GetUtcNow());

    public IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken) =>
        GeminiStreamReader.ReadAsync(new CodeAssistSseStream(body, cancellationToken), time.GetUtcNow(), cancellationToken);

    public GodexError ReadError(int status, ReadOnlySpan<byte> body) => GeminiErrors.Read(status, body, config.Name);

    public HttpRequestMessage? CreateCountRequest(ChatRequest request)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        if (!CodeAssistCountRequest.TryWrite(body, request, preset.UpstreamModel(GeminiProtocol.ModelId(request.Model))))
        {
            return null;
        }

        return WithPresetHeaders(UpstreamRequest.Json(new Uri(host + "/v1internal:countTokens"), body, stream: false));
    }

    public long ReadCount(ReadOnlySpan<byte> body) =>
        GeminiCountTokens.Read(body)
        ?? throw new GodexException(new GodexError(502, "provider.invalid_response", $"Provider '{config.Name}' answered countTokens without a totalTokens figure."));

    /// <summary>The preset's own envelope fields, and a fresh request id where it numbers its requests.</summary>
    private IEnumerable<KeyValuePair<string, string>> EnvelopeFields() =>
        preset.RequestIdPrefix is { } prefix ? [.. preset.EnvelopeFields, new("requestId", prefix + Guid.NewGuid().ToString("D"))] : preset.EnvelopeFields;

    private HttpRequestMessage WithPresetHeaders(HttpRequestMessage message)
    {
        foreach (var (name, value) in preset.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
