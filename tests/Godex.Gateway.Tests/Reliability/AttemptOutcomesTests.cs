using Godex.Gateway.Failover;
using Godex.Gateway.Reliability;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

public sealed class AttemptOutcomesTests
{
    [Theory]
    [InlineData(400, "bridge.invalid_request", AttemptOutcome.Stop)]
    [InlineData(404, "routing.model_not_found", AttemptOutcome.Stop)]
    [InlineData(413, "provider.refused", AttemptOutcome.Stop)]
    [InlineData(422, "provider.refused", AttemptOutcome.Stop)]
    [InlineData(429, "provider.rate_limited", AttemptOutcome.TryNext)]
    [InlineData(500, "provider.upstream_error", AttemptOutcome.TryNext)]
    [InlineData(502, "provider.unreachable", AttemptOutcome.TryNext)]
    [InlineData(503, "provider.overloaded", AttemptOutcome.TryNext)]
    [InlineData(504, "provider.timeout", AttemptOutcome.TryNext)]
    [InlineData(401, "provider.unauthorized", AttemptOutcome.SkipProvider)]
    [InlineData(403, "provider.forbidden", AttemptOutcome.SkipProvider)]
    [InlineData(503, "provider.unavailable", AttemptOutcome.SkipProvider)]
    [InlineData(401, "provider.login_expired", AttemptOutcome.SkipProvider)]
    [InlineData(502, "provider.token_refresh_failed", AttemptOutcome.SkipProvider)]
    public void A_failure_is_classified_by_its_status_and_login_codes(int status, string code, AttemptOutcome outcome) =>
        Assert.Equal(outcome, AttemptOutcomes.Classify(new GodexError(status, code, "failed")));

    [Theory]
    [InlineData("This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.", "context_length_exceeded")] // OpenAI
    [InlineData("This model's maximum context length is 65536 tokens. However, you requested 70000 tokens (70000 in the messages, 0 in the completion). Please reduce the length of the messages or completion.", "invalid_request_error")] // DeepSeek
    [InlineData("Your input exceeds the context window of this model. Please adjust your input and try again.", null)] // Responses (Codex)
    [InlineData("prompt is too long: 208310 tokens > 200000 maximum", null)] // Anthropic
    [InlineData("input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again", null)] // Anthropic
    [InlineData("The input token count (1300000) exceeds the maximum number of tokens allowed (1048576).", "400")] // Gemini
    [InlineData("This model's maximum prompt length is 131072 but the request contains 150000 tokens.", null)] // xAI
    [InlineData("Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length", null)] // Mistral
    public void A_context_window_refusal_is_told_apart_from_other_bad_requests(string message, string? code) =>
        Assert.Equal(AttemptOutcome.ContextWindow, AttemptOutcomes.Classify(new GodexError(400, "provider.http_error", message) { UpstreamCode = code }));

    [Theory]
    [InlineData(400, "Invalid value for 'temperature': must be between 0 and 2.")]
    [InlineData(413, "Request exceeds the maximum size")]
    [InlineData(429, "Request too large for gpt-4o: Limit 30000, Requested 50000. The input or output tokens must be reduced in order to run successfully.")]
    public void Other_refusals_and_rate_limits_are_not_context_window_errors(int status, string message) =>
        Assert.NotEqual(AttemptOutcome.ContextWindow, AttemptOutcomes.Classify(new GodexError(status, "provider.http_error", message)));
}
