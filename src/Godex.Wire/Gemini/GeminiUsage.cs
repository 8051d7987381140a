using System.Text.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// `usageMetadata` both ways. Gemini counts thoughts outside `candidatesTokenCount` (total = prompt +
/// candidates + thoughts + tool-use prompt) and cached tokens inside `promptTokenCount`; canonical
/// OutputTokens includes reasoning and InputTokens includes cached reads.
/// </summary>
internal static class GeminiUsage
{
    /// <summary>The usage a chunk reports, or null when it carries no token counts (early stream chunks).</summary>
    public static Usage? Read(UsageMetadataDto? dto)
    {
        if (dto is null || (dto.PromptTokenCount is null && dto.CandidatesTokenCount is null && dto.TotalTokenCount is null))
        {
            return null;
        }

        var thoughts = dto.ThoughtsTokenCount ?? 0;
        return new Usage
        {
            InputTokens = (dto.PromptTokenCount ?? 0) + (dto.ToolUsePromptTokenCount ?? 0),
            OutputTokens = (dto.CandidatesTokenCount ?? 0) + thoughts,
            CachedInputTokens = dto.CachedContentTokenCount ?? 0,
            ReasoningTokens = thoughts,
        };
    }

    public static void Write(Utf8JsonWriter json, Usage usage)
    {
        json.WriteStartObject("usageMetadata");
        json.WriteNumber("promptTokenCount", usage.InputTokens);
        json.WriteNumber("candidatesTokenCount", Math.Max(0, usage.OutputTokens - usage.ReasoningTokens));
        json.WriteNumber("totalTokenCount", usage.TotalTokens);
        if (usage.CachedInputTokens > 0)
        {
            json.WriteNumber("cachedContentTokenCount", usage.CachedInputTokens);
        }

        if (usage.ReasoningTokens > 0)
        {
            json.WriteNumber("thoughtsTokenCount", usage.ReasoningTokens);
        }

        json.WriteEndObject();
    }
}
