using System.Text.Json;

namespace Godex.Gateway.Telemetry;

/// <summary>One usage row as JSON: its group's fields (key, model, provider, day), then its sums. The usage API and `godex usage --json` write it.</summary>
public static class UsageJson
{
    public static void Write(Utf8JsonWriter json, UsageRow row)
    {
        json.WriteStartObject();
        foreach (var (name, value) in row.Group)
        {
            json.WriteString(name, value);
        }

        json.WriteNumber("requests", row.Requests);
        json.WriteNumber("errors", row.Errors);
        json.WriteNumber("input_tokens", row.InputTokens);
        json.WriteNumber("output_tokens", row.OutputTokens);
        json.WriteNumber("cached_input_tokens", row.CachedInputTokens);
        json.WriteNumber("cache_write_tokens", row.CacheWriteTokens);
        json.WriteNumber("reasoning_tokens", row.ReasoningTokens);
        json.WriteNumber("cost_usd", row.CostUsd);
        json.WriteEndObject();
    }
}
