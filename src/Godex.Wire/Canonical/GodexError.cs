namespace Godex.Wire;

/// <summary>
/// A failure with a domain code (server.*, bridge.*, provider.*, session.*, auth.*, limit.*), the HTTP
/// status it maps to and a message for humans. Front doors write it in their protocol's error shape.
/// </summary>
public sealed record GodexError(int Status, string Code, string Message)
{
    /// <summary>The request field at fault, where one is.</summary>
    public string? Param { get; init; }

    /// <summary>The upstream's own error type (e.g. rate_limit_error), kept so clients see what the provider said.</summary>
    public string? UpstreamType { get; init; }

    /// <summary>The upstream's own error code, kept likewise.</summary>
    public string? UpstreamCode { get; init; }

    /// <summary>The upstream's `retry-after` header, passed on with 429 and 503 answers.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>
    /// The account's quota is spent (a subscription's usage window, a daily quota), not a passing rate
    /// limit: with a <see cref="RetryAfter"/>, nothing on this account is served before then.
    /// </summary>
    public bool QuotaExhausted { get; init; }

    public static GodexError BadRequest(string message, string? param = null) =>
        new(400, "bridge.invalid_request", message) { Param = param };
}

/// <summary>Carries a <see cref="GodexError"/> through code that cannot return it.</summary>
public sealed class GodexException(GodexError error) : Exception(error.Message)
{
    public GodexError Error { get; } = error;
}
