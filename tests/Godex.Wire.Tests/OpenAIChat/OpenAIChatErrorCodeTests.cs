using System.Text.Json;

using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests.OpenAIChat;

/// <summary>OpenAI's error `code`, read once for Chat Completions and Responses errors.</summary>
public class OpenAIChatErrorCodeTests
{
    [Theory]
    [InlineData("\"rate_limit_exceeded\"", "rate_limit_exceeded")]
    [InlineData("429", "429")]
    [InlineData("null", null)]
    [InlineData("{\"x\":1}", null)]
    public void Code_is_text_for_strings_and_numbers(string code, string? expected)
    {
        Assert.Equal(expected, OpenAIChatErrors.CodeText(JsonDocument.Parse(code).RootElement));
        Assert.Null(OpenAIChatErrors.CodeText(null));
    }

    [Fact]
    public void Upstream_body_keeps_a_numeric_code()
    {
        var error = OpenAIChatErrors.Read(429, """{"error":{"message":"slow down","type":"rate_limit_error","code":429}}"""u8, "acme");

        Assert.Equal("slow down", error.Message);
        Assert.Equal("429", error.UpstreamCode);
    }
}
