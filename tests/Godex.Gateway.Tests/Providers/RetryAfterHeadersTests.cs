using System.Net.Http.Headers;

using Godex.Gateway.Providers;
using Godex.Wire;

namespace Godex.Gateway.Tests.Providers;

public sealed class RetryAfterHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retry_after_is_passed_on_as_given() =>
        Assert.Equal("30", Read(429, ("retry-after", "30"), ("retry-after-ms", "5000")));

    [Fact]
    public void Retry_after_ms_becomes_whole_seconds_rounded_up() =>
        Assert.Equal("2", Read(503, ("retry-after-ms", "1500")));

    [Fact]
    public void Anthropic_reset_times_on_a_429_give_the_latest_wait() =>
        Assert.Equal("90", Read(429, ("anthropic-ratelimit-requests-reset", "2026-12-03T12:00:30Z"), ("anthropic-ratelimit-tokens-reset", "2026-12-03T12:01:30Z")));

    [Fact]
    public void OpenAI_reset_durations_on_a_429_give_the_latest_wait() =>
        Assert.Equal("360", Read(429, ("x-ratelimit-reset-requests", "20ms"), ("x-ratelimit-reset-tokens", "6m0s")));

    [Fact]
    public void Reset_headers_on_a_success_or_a_5xx_say_nothing() =>
        Assert.Null(Read(500, ("x-ratelimit-reset-tokens", "6m0s"), ("anthropic-ratelimit-tokens-reset", "2026-12-03T12:01:30Z")));

    [Fact]
    public void A_spent_Claude_usage_window_waits_for_its_unified_reset_and_is_an_exhausted_quota()
    {
        var reset = Now.AddHours(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var error = Apply(429, new GodexError(429, "provider.http_error", "limit"), ("retry-after", "300"), ("anthropic-ratelimit-unified-status", "rejected"), ("anthropic-ratelimit-unified-reset", reset));

        Assert.True(error.QuotaExhausted);
        Assert.Equal("10800", error.RetryAfter);
    }

    [Fact]
    public void An_allowed_unified_status_is_an_ordinary_rate_limit()
    {
        var reset = Now.AddHours(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var error = Apply(429, new GodexError(429, "provider.http_error", "limit"), ("retry-after", "30"), ("anthropic-ratelimit-unified-status", "allowed_warning"), ("anthropic-ratelimit-unified-reset", reset));

        Assert.False(error.QuotaExhausted);
        Assert.Equal("30", error.RetryAfter);
    }

    [Fact]
    public void A_quota_the_body_dated_keeps_its_reset_over_the_headers()
    {
        var error = Apply(429, new GodexError(429, "provider.http_error", "limit") { RetryAfter = "7200", QuotaExhausted = true }, ("retry-after", "60"));

        Assert.Equal("7200", error.RetryAfter);
    }

    private static GodexError Apply(int status, GodexError error, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return RetryAfterHeaders.Apply(error, response.Headers, status, Now);
    }

    private static string? Read(int status, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return RetryAfterHeaders.Read(response.Headers, status, Now);
    }
}
