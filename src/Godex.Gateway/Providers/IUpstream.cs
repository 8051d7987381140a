using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// One upstream API's wire, for one configured provider: how to address and encode a request, and how
/// to decode the answer. Credentials are not its business (the provider's credential source puts them
/// on, as the spec's <see cref="Specs.ProviderSpec.Auth"/> says); everything else about talking HTTP
/// to an upstream (pooling, timeouts, error statuses, broken streams) lives once, in <see cref="HttpProvider"/>.
/// </summary>
public interface IUpstream
{
    /// <summary>Builds the request: URL, protocol headers and body, asking for a stream or a whole answer as <paramref name="stream"/> says.</summary>
    HttpRequestMessage CreateRequest(ChatRequest request, bool stream);

    ChatResponse ReadResponse(ReadOnlySpan<byte> body);

    IAsyncEnumerable<StreamEvent> ReadStream(Stream body, CancellationToken cancellationToken);

    /// <summary>Reads an upstream error body (any shape; text is fine) into an error keeping the upstream's status and message.</summary>
    GodexError ReadError(int status, ReadOnlySpan<byte> body);

    /// <summary>A request to the upstream's token-count endpoint, or null when the protocol has none.</summary>
    HttpRequestMessage? CreateCountRequest(ChatRequest request) => null;

    /// <summary>Reads the token-count endpoint's answer.</summary>
    long ReadCount(ReadOnlySpan<byte> body) => throw new NotSupportedException("This upstream protocol has no token-count endpoint.");

    /// <summary>A request for one page of the upstream's model list (the cursor comes from the previous page), or null when the protocol cannot list models.</summary>
    HttpRequestMessage? CreateModelsRequest(string? cursor) => null;

    /// <summary>Reads one page of the model list.</summary>
    ModelPage ReadModels(ReadOnlySpan<byte> body) => throw new NotSupportedException("This upstream protocol has no model list.");
}
