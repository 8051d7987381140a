using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Maps `thinking`, `output_config`, `output_format` and `metadata` to canonical settings.</summary>
internal static class AnthropicSettingsReader
{
    public static ReasoningSettings? ReadReasoning(JsonElement? thinking, JsonElement? outputConfig)
    {
        var effort = outputConfig is { ValueKind: JsonValueKind.Object } config ? AnthropicJson.GetString(config, "effort") : null;
        if (effort is not (null or "low" or "medium" or "high" or "xhigh" or "max"))
        {
            throw AnthropicJson.BadRequest($"output_config.effort '{effort}' is not one of low, medium, high, xhigh, max.", "output_config.effort");
        }

        ReasoningSettings? settings = null;
        if (thinking is { ValueKind: not JsonValueKind.Null } element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw AnthropicJson.BadRequest("thinking must be an object such as {\"type\":\"enabled\",\"budget_tokens\":2048}.", "thinking");
            }

            settings = AnthropicJson.GetString(element, "type") switch
            {
                "enabled" => new ReasoningSettings { Enabled = true, BudgetTokens = Budget(element) },
                "adaptive" => new ReasoningSettings { Enabled = true },
                "disabled" => new ReasoningSettings { Enabled = false },
                var other => throw AnthropicJson.BadRequest($"thinking.type '{other}' is not one of enabled, adaptive, disabled.", "thinking.type"),
            };
        }

        return effort is null ? settings : (settings ?? new ReasoningSettings()) with { Effort = AnthropicProtocol.CanonicalEffort(effort) };
    }

    /// <summary>Structured output: `output_config.format` (current) or `output_format` (the beta's name).</summary>
    public static ResponseFormat? ReadFormat(JsonElement? outputConfig, JsonElement? outputFormat)
    {
        var (format, path) = outputConfig is { ValueKind: JsonValueKind.Object } config && AnthropicJson.Get(config, "format") is { } nested
            ? (nested, "output_config.format")
            : outputFormat is { ValueKind: not JsonValueKind.Null } legacy ? (legacy, "output_format") : (default, "");
        if (path.Length == 0)
        {
            return null;
        }

        if (AnthropicJson.GetString(format, "type") != "json_schema")
        {
            throw AnthropicJson.BadRequest($"{path}.type must be 'json_schema'.", $"{path}.type");
        }

        if (AnthropicJson.Get(format, "schema") is not { ValueKind: JsonValueKind.Object } schema)
        {
            throw AnthropicJson.BadRequest($"{path}.schema: Field required (a JSON Schema object).", $"{path}.schema");
        }

        return new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = schema.Clone(), Strict = true };
    }

    public static string? ReadUser(JsonElement? metadata) =>
        metadata is { ValueKind: JsonValueKind.Object } element ? AnthropicJson.GetString(element, "user_id") : null;

    private static int Budget(JsonElement thinking)
    {
        if (AnthropicJson.Get(thinking, "budget_tokens") is not { ValueKind: JsonValueKind.Number } budget || !budget.TryGetInt32(out var tokens))
        {
            throw AnthropicJson.BadRequest("thinking.budget_tokens: Field required when thinking.type is 'enabled'.", "thinking.budget_tokens");
        }

        return tokens < ReasoningBudget.Minimum
            ? throw AnthropicJson.BadRequest($"thinking.budget_tokens: must be at least {ReasoningBudget.Minimum}.", "thinking.budget_tokens")
            : tokens;
    }
}
