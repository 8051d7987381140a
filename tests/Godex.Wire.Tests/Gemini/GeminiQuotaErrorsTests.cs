using System.Text;

using Godex.Wire.Gemini;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>Google's quota details as Code Assist (Gemini CLI, Antigravity) and the Gemini API send them.</summary>
public sealed class GeminiQuotaErrorsTests
{
    [Fact]
    public void Code_Assist_quota_exhaustion_is_a_spent_quota_until_its_reset_delay()
    {
        var error = Read("""
            {"error":{"code":429,"message":"You have exhausted your capacity on this model. Your quota will reset after 2h36m24s.","status":"RESOURCE_EXHAUSTED",
             "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"QUOTA_EXHAUSTED","domain":"cloudcode-pa.googleapis.com",
                         "metadata":{"model":"gemini-2.5-pro","quotaResetDelay":"2h36m24.115s","quotaResetTimeStamp":"2026-12-03T14:36:25Z","uiMessage":"true"}}]}}
            """);

        Assert.True(error.QuotaExhausted);
        Assert.Equal("9385", error.RetryAfter);
    }

    [Fact]
    public void Retry_info_comes_before_the_reset_delay_and_a_timestamp_alone_becomes_a_date()
    {
        var both = Read("""
            {"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"QUOTA_EXHAUSTED","domain":"cloudcode-pa.googleapis.com","metadata":{"quotaResetDelay":"1h"}},
              {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3600.5s"}]}}
            """);
        var dated = Read("""
            {"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"QUOTA_EXHAUSTED","domain":"cloudcode-pa.googleapis.com","metadata":{"quotaResetTimeStamp":"2026-12-03T14:36:25Z"}}]}}
            """);

        Assert.Equal("3601", both.RetryAfter);
        Assert.Equal("Thu, 03 Dec 2026 14:36:25 GMT", dated.RetryAfter);
        Assert.True(dated.QuotaExhausted);
    }

    [Fact]
    public void A_daily_quota_violation_is_spent_but_a_per_minute_one_is_a_rate_limit()
    {
        var daily = Read("""
            {"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]},
              {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"40s"}]}}
            """);
        var minute = GeminiErrors.Read(429, GeminiFixture.Bytes("error-429-retry-info.json"), "google");

        Assert.True(daily.QuotaExhausted);
        Assert.Equal("40", daily.RetryAfter);
        Assert.False(minute.QuotaExhausted);
    }

    [Theory]
    [InlineData("RATE_LIMIT_EXCEEDED", "10s", false)]
    [InlineData("RATE_LIMIT_EXCEEDED", "900s", true)] // past five minutes Gemini CLI stops retrying too
    [InlineData("MODEL_CAPACITY_EXHAUSTED", "2s", false)]
    public void A_rate_limit_counts_as_spent_only_when_its_wait_is_long(string reason, string delay, bool exhausted)
    {
        var error = Read($$$"""
            {"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"{{{reason}}}","domain":"cloudcode-pa.googleapis.com"},
              {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"{{{delay}}}"}]}}
            """);

        Assert.Equal(exhausted, error.QuotaExhausted);
    }

    private static GodexError Read(string json) => GeminiErrors.Read(429, Encoding.UTF8.GetBytes(json), "gemini-cli");
}
