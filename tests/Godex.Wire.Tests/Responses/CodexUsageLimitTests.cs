using System.Text;

using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Responses;

/// <summary>Codex's plan limit on a ChatGPT login (the shape codex-rs reads): a spent usage window and when it opens.</summary>
public sealed class CodexUsageLimitTests
{
    [Fact]
    public void Usage_limit_reached_is_a_spent_quota_until_resets_in_seconds()
    {
        var error = Read("""{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","plan_type":"plus","resets_in_seconds":7200}}""");

        Assert.Equal(429, error.Status);
        Assert.Equal("usage_limit_reached", error.UpstreamType);
        Assert.True(error.QuotaExhausted);
        Assert.Equal("7200", error.RetryAfter);
    }

    [Fact]
    public void Resets_at_in_unix_seconds_becomes_a_date()
    {
        var error = Read("""{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","resets_at":1796400000}}""");

        Assert.True(error.QuotaExhausted);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796400000).ToString("r", System.Globalization.CultureInfo.InvariantCulture), error.RetryAfter);
    }

    [Fact]
    public void An_ordinary_rate_limit_is_not_a_spent_quota()
    {
        var error = Read("""{"error":{"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit reached","resets_in_seconds":7200}}""");

        Assert.False(error.QuotaExhausted);
        Assert.Null(error.RetryAfter);
    }

    private static GodexError Read(string json) => ResponsesErrors.Read(429, Encoding.UTF8.GetBytes(json), "codex");
}
