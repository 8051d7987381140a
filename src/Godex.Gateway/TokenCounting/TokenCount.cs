using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.TokenCounting;

/// <summary>A request's input token count, and whether Godex estimated it rather than the provider counting it.</summary>
public readonly record struct TokenCount(long InputTokens, bool Estimated)
{
    public const string Header = "x-godex-token-count";

    /// <summary>Tells the client where the figure came from: `provider` or `estimated`.</summary>
    public void Describe(HttpResponse response) => response.Headers[Header] = Estimated ? "estimated" : "provider";
}
