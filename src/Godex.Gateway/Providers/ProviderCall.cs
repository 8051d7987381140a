using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// One call to a provider: the request as planned for it, and the caller's own upstream key
/// (X-Provider-Key) where it sent one. Secrets travel here, beside the canonical request, never in it.
/// </summary>
public sealed record ProviderCall(ChatRequest Request)
{
    /// <summary>The client's own upstream key; a provider's credential source decides whether it applies.</summary>
    public string? ClientKey { get; init; }

    public override string ToString() => $"ProviderCall {{ Model = {Request.Model}, ClientKey = {(ClientKey is null ? "none" : "set")} }}";
}
