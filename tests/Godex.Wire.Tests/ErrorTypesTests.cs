using Xunit;

namespace Godex.Wire.Tests;

public sealed class ErrorTypesTests
{
    [Theory]
    [InlineData("RESOURCE_EXHAUSTED", "429", "rate_limit_error", "rate_limit_exceeded")]
    [InlineData("INVALID_ARGUMENT", "400", "invalid_request_error", null)]
    [InlineData("UNAVAILABLE", "503", "server_error", "server_overloaded")]
    [InlineData("overloaded_error", null, "server_error", "server_overloaded")]
    [InlineData("rate_limit_error", null, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData("billing_error", null, "insufficient_quota", "insufficient_quota")]
    [InlineData("invalid_request_error", "context_length_exceeded", "invalid_request_error", "context_length_exceeded")]
    [InlineData("requests", "rate_limit_exceeded", "requests", "rate_limit_exceeded")]
    [InlineData("BadRequestError", "x", "BadRequestError", "x")]
    public void Other_families_types_become_openai_types_and_openai_types_keep_their_codes(string upstream, string? code, string type, string? openAICode)
    {
        var error = new GodexError(429, "provider.http_error", "m") { UpstreamType = upstream, UpstreamCode = code };

        Assert.Equal((type, openAICode), ErrorTypes.ForOpenAI(error));
    }

    [Theory]
    [InlineData("RESOURCE_EXHAUSTED", "rate_limit_error", null)]
    [InlineData("UNAVAILABLE", "overloaded_error", null)]
    [InlineData("DEADLINE_EXCEEDED", "timeout_error", null)]
    [InlineData("overloaded_error", null, "UNAVAILABLE")]
    [InlineData("not_found_error", null, "NOT_FOUND")]
    [InlineData("server_error", null, null)]
    public void Anthropic_and_gemini_translate_each_other_and_leave_openai_types_to_the_status(string upstream, string? anthropic, string? gemini)
    {
        if (anthropic is not null)
        {
            Assert.Equal(anthropic, ErrorTypes.ForAnthropic(upstream));
        }

        if (gemini is not null)
        {
            Assert.Equal(gemini, ErrorTypes.ForGemini(upstream));
        }

        if (upstream == "server_error")
        {
            Assert.Null(ErrorTypes.ForAnthropic(upstream));
            Assert.Null(ErrorTypes.ForGemini(upstream));
        }
    }
}
