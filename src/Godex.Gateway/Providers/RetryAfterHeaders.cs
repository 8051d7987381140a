using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Godex.Gateway.Providers;

/// <summary>
/// When an upstream says it may be asked again, as `retry-after` seconds: its own `retry-after`, else
/// `retry-after-ms`; on a 429 without either, the latest of Anthropic's `anthropic-ratelimit-*-reset`
/// (RFC 3339 times) or OpenAI's `x-ratelimit-reset-*` (durations such as `6m0s`, `20ms`).
/// </summary>
public static partial class RetryAfterHeaders
{
    private static readonly string[] AnthropicResets = ["anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"];
    private static readonly string[] OpenAIResets = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"];

    public static string? Read(HttpResponseHeaders headers, int status, DateTimeOffset now)
    {
        if (First(headers, "retry-after") is { } retryAfter)
        {
            return retryAfter;
        }

        if (First(headers, "retry-after-ms") is { } ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return Seconds(TimeSpan.FromMilliseconds(milliseconds));
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
            if (First(headers, name) is { } text && Duration(text) is { } wait)
            {
                latest = Max(latest, wait);
            }
        }

        return latest is { } found && found > TimeSpan.Zero ? Seconds(found) : null;
    }

    /// <summary>A Go-style duration (`1h2m3.5s`, `20ms`), or null.</summary>
    internal static TimeSpan? Duration(string text)
    {
        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || matches.Sum(match => match.Length) != text.Length)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return total;
    }

    private static TimeSpan Max(TimeSpan? a, TimeSpan b) => a is { } value && value > b ? value : b;

    private static string Seconds(TimeSpan wait) => Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault(value => value.Length > 0) : null;

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}
