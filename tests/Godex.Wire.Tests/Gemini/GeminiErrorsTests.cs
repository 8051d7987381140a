using System.Buffers;
using System.Text.Json;

using Godex.Wire.Gemini;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>Gemini's error body, read from upstreams and written for Gemini clients.</summary>
public class GeminiErrorsTests
{
    [Fact]
    public void Recorded_429_keeps_status_message_and_retry_delay()
    {
        var error = GeminiErrors.Read(429, GeminiFixture.Bytes("error-429-retry-info.json"), "google");

        Assert.Equal(429, error.Status);
        Assert.Equal("You exceeded your current quota, please check your plan.", error.Message);
        Assert.Equal("RESOURCE_EXHAUSTED", error.UpstreamType);
        Assert.Equal("35", error.RetryAfter); // retryDelay 34.4s, rounded up
    }

    [Fact]
    public void Plain_text_error_names_the_provider()
    {
        var error = GeminiErrors.Read(502, "Bad Gateway"u8, "google");
        Assert.Contains("'google'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bad Gateway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_wrapped_error_is_read()
    {
        var error = GeminiErrors.Read(400, """[{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}]"""u8, "google");
        Assert.Equal("API key not valid.", error.Message);
        Assert.Equal("INVALID_ARGUMENT", error.UpstreamType);
    }

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(429, "RESOURCE_EXHAUSTED")]
    [InlineData(500, "INTERNAL")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    public void Written_error_has_code_message_and_status_name(int status, string name)
    {
        var body = Write(new GodexError(status, "x.y", "Something happened."));

        Assert.Equal(status, body.GetProperty("code").GetInt32());
        Assert.Equal("Something happened.", body.GetProperty("message").GetString());
        Assert.Equal(name, body.GetProperty("status").GetString());
    }

    [Fact]
    public void Written_rate_limit_tells_the_retry_delay_in_retry_info()
    {
        var body = Write(new GodexError(429, "provider.http_error", "Slow down") { RetryAfter = "7", UpstreamType = "rate_limit_error" });

        Assert.Equal("RESOURCE_EXHAUSTED", body.GetProperty("status").GetString());
        var detail = Assert.Single(body.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.RetryInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("7s", detail.GetProperty("retryDelay").GetString());
    }

    private static JsonElement Write(GodexError error)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GeminiErrors.Write(buffer, error);
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("error");
    }
}
