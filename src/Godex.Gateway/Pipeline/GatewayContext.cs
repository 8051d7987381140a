using Godex.Gateway.Routing;

namespace Godex.Gateway.Pipeline;

/// <summary>What the pipeline learns about one request, step by step. Each step reads and enriches it.</summary>
public sealed class GatewayContext(string requestId, string clientProtocol, long startTimestamp)
{
    public string RequestId { get; } = requestId;

    /// <summary>The front door's protocol (openai-chat, ...).</summary>
    public string ClientProtocol { get; } = clientProtocol;

    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>Which configured key the caller used (`key-0`, ...) — never the key itself.</summary>
    public string? CallerKeyId { get; set; }

    public string? RequestedModel { get; set; }

    public Route? Route { get; set; }
}
