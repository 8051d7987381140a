using System.Globalization;

namespace Godex.Gateway.Security.Limits;

/// <summary>
/// The `x-ratelimit-*` headers OpenAI's clients read (limit, remaining and reset, for requests and for
/// tokens), plus `x-godex-limit` on a refusal naming the limit (`key.rpm`, `model.tpm`, ...).
/// </summary>
public static class LimitHeaders
{
    public const string Which = "x-godex-limit";

    /// <summary>The figures of one partition now; called under its lock.</summary>
    public static List<KeyValuePair<string, string>> Of(LimitPartition partition, long nowTicks)
    {
        var headers = new List<KeyValuePair<string, string>>(6);
        Add(headers, "requests", partition.Requests, nowTicks);
        Add(headers, "tokens", partition.Tokens, nowTicks);
        return headers;
    }

    /// <summary>A reset time the way OpenAI writes it: `20ms`, `1.5s`, `6m0s`.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return ((long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        return span < TimeSpan.FromMinutes(1)
            ? span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : $"{(int)span.TotalMinutes}m{span.Seconds}s";
    }

    /// <summary>Whole seconds for `retry-after`, rounded up, at least one.</summary>
    public static string RetryAfter(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static void Add(List<KeyValuePair<string, string>> headers, string kind, SlidingWindow? window, long nowTicks)
    {
        if (window is null)
        {
            return;
        }

        headers.Add(new($"x-ratelimit-limit-{kind}", window.Limit.ToString(CultureInfo.InvariantCulture)));
        headers.Add(new($"x-ratelimit-remaining-{kind}", window.Remaining(nowTicks).ToString(CultureInfo.InvariantCulture)));
        headers.Add(new($"x-ratelimit-reset-{kind}", Duration(window.ResetsIn(nowTicks))));
    }
}
