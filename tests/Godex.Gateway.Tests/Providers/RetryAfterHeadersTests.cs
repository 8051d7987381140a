using System.Net.Http.Headers;

using Godex.Gateway.Providers;

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

    [Theory]
    [InlineData("1h2m3.5s", 3723.5)]
    [InlineData("20ms", 0.02)]
    [InlineData("6m0s", 360)]
    public void Go_durations_are_read(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterHeaders.Duration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("5 s")]
    public void Other_text_is_no_duration(string text) => Assert.Null(RetryAfterHeaders.Duration(text));

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
