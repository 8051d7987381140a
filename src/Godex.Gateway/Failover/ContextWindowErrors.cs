using Godex.Wire;

namespace Godex.Gateway.Failover;

/// <summary>
/// A refusal because the request is longer than the model's context window, as each upstream words it:
/// OpenAI's `context_length_exceeded` ("maximum context length is…"; Groq, DeepSeek, vLLM, OpenRouter and
/// Mistral say the same), the Responses API's "exceeds the context window", Anthropic's "prompt is too
/// long" and "exceed context limit", Gemini's "input token count … exceeds the maximum number of tokens
/// allowed", xAI's "maximum prompt length", Bedrock's "input is too long", Moonshot's "exceeded model
/// token limit".
/// </summary>
public static class ContextWindowErrors
{
    private static readonly string[] Codes = ["context_length_exceeded", "string_above_max_length"];

    private static readonly string[] Phrases =
    [
        "maximum context length", "context length exceeded", "context_length_exceeded", "context window",
        "prompt is too long", "exceed context limit", "exceeds the maximum number of tokens", "maximum prompt length",
        "reduce the length of the messages", "input is too long", "exceeded model token limit",
    ];

    public static bool Is(GodexError error)
    {
        if (error.Status is not (400 or 413))
        {
            return false;
        }

        if (error.UpstreamCode is { } code && Array.IndexOf(Codes, code) >= 0)
        {
            return true;
        }

        foreach (var phrase in Phrases)
        {
            if (error.Message.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
