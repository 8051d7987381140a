using System.Globalization;
using System.Net.Http.Headers;

using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// When an upstream says it may be asked again, as `retry-after` seconds: its own `retry-after`, else
/// `retry-after-ms`; on a 429 without either, the latest of Anthropic's `anthropic-ratelimit-*-reset`
/// (RFC 3339 times) or OpenAI's `x-ratelimit-reset-*` (durations such as `6m0s`, `20ms`). A 429 whose
/// `anthropic-ratelimit-unified-status` is `rejected` (a Claude subscription's usage window is spent)
/// waits for `anthropic-ratelimit-unified-reset` (Unix seconds) and marks the quota exhausted.
/// </summary>
public static class RetryAfterHeaders
{
    private static readonly string[] AnthropicResets = ["anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"];
    private static readonly string[] OpenAIResets = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"];

    /// <summary>
    /// The error with the wait its answer's headers name; the body's own wait when they name none, or when
    /// the body itself dated a spent quota (Codex's `resets_in_seconds` is more exact than any header).
    /// </summary>
    public static GodexError Apply(GodexError error, HttpResponseHeaders headers, int status, DateTimeOffset now)
    {
        if (error is { QuotaExhausted: true, RetryAfter: not null })
        {
            return error;
        }

        if (status == 429 && UnifiedWindowReset(headers, now) is { } window)
        {
            return error with { RetryAfter = WaitTime.Seconds(window), QuotaExhausted = true };
        }

        return Read(headers, status, now) is { } retryAfter ? error with { RetryAfter = retryAfter } : error;
    }

    internal static string? Read(HttpResponseHeaders headers, int status, DateTimeOffset now)
    {
        if (First(headers, "retry-after") is { } retryAfter)
        {
            return retryAfter;
        }

        if (First(headers, "retry-after-ms") is { } ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return WaitTime.Seconds(TimeSpan.FromMilliseconds(milliseconds));
        }

        if (status != 429)
        {
            return null;
        }

        TimeSpan? latest = null;
        foreach (var name in AnthropicResets)
        {
            if (First(headers, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                latest = Max(latest, at - now);
            }
        }

        foreach (var name in OpenAIResets)
        {
            if (First(headers, name) is { } text && WaitTime.Duration(text) is { } wait)
            {
                latest = Max(latest, wait);
            }
        }

        return latest is { } found && found > TimeSpan.Zero ? WaitTime.Seconds(found) : null;
    }

    /// <summary>A Claude subscription's spent usage window (five-hour, weekly): how long until it opens again.</summary>
    private static TimeSpan? UnifiedWindowReset(HttpResponseHeaders headers, DateTimeOffset now) =>
        First(headers, "anthropic-ratelimit-unified-status") == "rejected"
        && First(headers, "anthropic-ratelimit-unified-reset") is { } reset
        && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
        && DateTimeOffset.FromUnixTimeSeconds(unix) - now is { } wait && wait > TimeSpan.Zero
            ? wait
            : null;

    private static TimeSpan Max(TimeSpan? a, TimeSpan b) => a is { } value && value > b ? value : b;

    private static string? First(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            if (value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }
}
