namespace Godex.Gateway.Configuration;

/// <summary>
/// `cors:`: which browser origins may call the gateway. Off unless `origins` is given; the request
/// headers the OpenAI, Anthropic and Google SDKs send from a browser are always allowed then, and
/// `headers` adds to them.
/// </summary>
public sealed record CorsConfig
{
    public const int DefaultMaxAgeSeconds = 600;

    /// <summary>Request headers the browser SDKs send (the x-stainless-* family is OpenAI's and Anthropic's generated SDKs').</summary>
    public static readonly IReadOnlyList<string> SdkHeaders =
    [
        "authorization", "content-type", "x-api-key", "x-goog-api-key", "x-goog-api-client",
        "anthropic-version", "anthropic-beta", "anthropic-dangerous-direct-browser-access",
        "openai-organization", "openai-project", "openai-beta", "idempotency-key",
        "x-stainless-arch", "x-stainless-lang", "x-stainless-os", "x-stainless-package-version",
        "x-stainless-runtime", "x-stainless-runtime-version", "x-stainless-retry-count", "x-stainless-timeout",
        "x-stainless-helper-method", "x-stainless-async", "x-stainless-poll-helper", "x-stainless-custom-poll-interval",
        "x-provider-key", "x-openclaw-session-key",
    ];

    /// <summary>Response headers a page's script may read: rate-limit state and the ids to quote in a bug report.</summary>
    public static readonly IReadOnlyList<string> ExposedHeaders =
    [
        "retry-after", "request-id", "x-request-id", "x-godex-limit",
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens",
    ];

    public static readonly IReadOnlyList<string> DefaultMethods = ["GET", "POST", "DELETE"];

    /// <summary>Exact origins (`https://app.example.com`), or `*` for any.</summary>
    public IReadOnlyList<string> Origins { get; init; } = [];

    /// <summary>Request headers allowed beyond <see cref="SdkHeaders"/>; `*` allows any.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    public IReadOnlyList<string> Methods { get; init; } = DefaultMethods;

    /// <summary>Lets a page send cookies or HTTP auth; never together with origin `*`.</summary>
    public bool Credentials { get; init; }

    /// <summary>How long a browser may cache a preflight answer.</summary>
    public int MaxAgeSeconds { get; init; } = DefaultMaxAgeSeconds;

    public bool AnyOrigin => Origins.Contains("*");

    public bool AnyHeader => Headers.Contains("*");
}
