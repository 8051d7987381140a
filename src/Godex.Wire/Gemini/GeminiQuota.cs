using System.Globalization;
using System.Text.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// What a Google error's `details` say about waiting (google.rpc types, as Gemini CLI reads them):
/// RetryInfo's `retryDelay`; Code Assist's ErrorInfo (`QUOTA_EXHAUSTED`, with `quotaResetDelay` and
/// `quotaResetTimeStamp` in its metadata); a QuotaFailure on a daily quota. A spent quota, or a wait
/// past five minutes (where Gemini CLI stops retrying too), is an exhausted quota rather than a rate limit.
/// </summary>
internal static class GeminiQuota
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";
    private const string ErrorInfoType = "type.googleapis.com/google.rpc.ErrorInfo";
    private const string QuotaFailureType = "type.googleapis.com/google.rpc.QuotaFailure";
    private static readonly TimeSpan RateLimitAtMost = TimeSpan.FromMinutes(5);

    public static (string? RetryAfter, bool Exhausted) Read(List<JsonElement>? details)
    {
        TimeSpan? retryDelay = null, resetDelay = null;
        DateTimeOffset? resetAt = null;
        var exhausted = false;
        foreach (var detail in details ?? [])
        {
            if (detail.ValueKind != JsonValueKind.Object || !detail.TryGetProperty("@type", out var type))
            {
                continue;
            }

            if (type.ValueEquals(RetryInfoType))
            {
                retryDelay ??= Duration(detail, "retryDelay");
            }
            else if (type.ValueEquals(ErrorInfoType))
            {
                exhausted |= String(detail, "reason") is "QUOTA_EXHAUSTED" or "INSUFFICIENT_G1_CREDITS_BALANCE";
                if (detail.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
                {
                    resetDelay ??= Duration(metadata, "quotaResetDelay");
                    resetAt ??= DateTimeOffset.TryParse(String(metadata, "quotaResetTimeStamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
                }
            }
            else if (type.ValueEquals(QuotaFailureType))
            {
                exhausted |= DailyQuota(detail);
            }
        }

        var wait = retryDelay ?? resetDelay;
        exhausted |= wait > RateLimitAtMost;
        return (wait is { } delay ? WaitTime.Seconds(delay) : resetAt is { } moment ? WaitTime.Date(moment) : null, exhausted);
    }

    /// <summary>A violation of a per-day quota (`GenerateRequestsPerDayPerProjectPerModel-FreeTier`): nothing more today.</summary>
    private static bool DailyQuota(JsonElement failure)
    {
        if (!failure.TryGetProperty("violations", out var violations) || violations.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var violation in violations.EnumerateArray())
        {
            if (violation.ValueKind == JsonValueKind.Object && String(violation, "quotaId") is { } id
                && (id.Contains("PerDay", StringComparison.Ordinal) || id.Contains("Daily", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan? Duration(JsonElement element, string name) => String(element, name) is { } text ? WaitTime.Duration(text) : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
