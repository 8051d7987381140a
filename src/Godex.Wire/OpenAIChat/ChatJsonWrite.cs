using System.Text.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>Pieces of Chat Completions JSON shared by the request, response and stream writers.</summary>
internal static class ChatJsonWrite
{
    public static void Usage(Utf8JsonWriter json, Usage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", usage.InputTokens);
        json.WriteNumber("completion_tokens", usage.OutputTokens);
        json.WriteNumber("total_tokens", usage.TotalTokens);
        json.WriteStartObject("prompt_tokens_details");
        json.WriteNumber("cached_tokens", usage.CachedInputTokens);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details");
        json.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void ToolCall(Utf8JsonWriter json, ToolCallPart call, int? index)
    {
        json.WriteStartObject();
        if (index is { } i)
        {
            json.WriteNumber("index", i);
        }

        json.WriteString("id", call.Id);
        json.WriteString("type", "function");
        json.WriteStartObject("function");
        json.WriteString("name", call.Name);
        json.WriteString("arguments", call.ArgumentsJson);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void Extensions(Utf8JsonWriter json, ExtensionBag? bag, HashSet<string>? skip = null)
    {
        if (bag is null || bag.Protocol != OpenAIChatProtocol.Name)
        {
            return;
        }

        foreach (var (name, value) in bag.Fields)
        {
            if (skip is null || !skip.Contains(name))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        }
    }

    public static Usage ReadUsage(UsageDto dto)
    {
        var input = dto.PromptTokens ?? 0;
        var output = dto.CompletionTokens ?? 0;
        var reasoning = dto.CompletionTokensDetails?.ReasoningTokens ?? 0;

        // xAI counts reasoning outside completion_tokens (total = prompt + completion + reasoning);
        // canonical OutputTokens includes reasoning, as OpenAI's completion_tokens does.
        if (reasoning > 0 && dto.TotalTokens == input + output + reasoning)
        {
            output += reasoning;
        }

        return new Usage
        {
            InputTokens = input,
            OutputTokens = output,
            CachedInputTokens = dto.PromptTokensDetails?.CachedTokens ?? dto.PromptCacheHitTokens ?? 0,
            ReasoningTokens = reasoning,
        };
    }
}
