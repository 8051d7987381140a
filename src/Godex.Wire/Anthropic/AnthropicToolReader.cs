using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Reads `tools` and `tool_choice`. Server tools (web_search_20250305, bash_..., ...) keep their type and raw JSON.</summary>
internal static class AnthropicToolReader
{
    public static List<ToolDefinition> ReadTools(List<JsonElement>? tools)
    {
        if (tools is null)
        {
            return [];
        }

        var result = new List<ToolDefinition>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            var path = $"tools[{i}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw AnthropicJson.BadRequest($"{path} must be an object.", path);
            }

            var name = AnthropicJson.GetString(tool, "name") ?? throw AnthropicJson.BadRequest($"{path}.name: Field required.", $"{path}.name");
            var type = AnthropicJson.GetString(tool, "type");
            if (type is not (null or "custom"))
            {
                // The bag (holding the type) tags the raw tool as Anthropic's, so only an Anthropic upstream replays it.
                result.Add(new ToolDefinition(name)
                {
                    Kind = type,
                    Raw = tool.Clone(),
                    Extensions = new ExtensionBag(AnthropicProtocol.Name, new Dictionary<string, JsonElement> { ["type"] = tool.GetProperty("type").Clone() }),
                });
                continue;
            }

            if (AnthropicJson.Get(tool, "input_schema") is not { ValueKind: JsonValueKind.Object } schema)
            {
                throw AnthropicJson.BadRequest($"{path}.input_schema: Field required (a JSON Schema object).", $"{path}.input_schema");
            }

            result.Add(new ToolDefinition(name)
            {
                Description = AnthropicJson.GetString(tool, "description"),
                Parameters = schema.Clone(),
                Strict = AnthropicJson.Get(tool, "strict") is { ValueKind: JsonValueKind.True or JsonValueKind.False } strict ? strict.GetBoolean() : null,
                Extensions = AnthropicJson.Extras(tool, "type", "name", "description", "input_schema", "strict"),
            });
        }

        return result;
    }

    /// <summary>`tool_choice` and its `disable_parallel_tool_use`, which is the canonical parallel_tool_calls negated.</summary>
    public static (ToolChoice? Choice, bool? ParallelToolCalls) ReadToolChoice(JsonElement? element)
    {
        if (element is not { } choice || choice.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw AnthropicJson.BadRequest("tool_choice must be an object such as {\"type\":\"auto\"}.", "tool_choice");
        }

        var mapped = AnthropicJson.GetString(choice, "type") switch
        {
            "auto" => ToolChoice.Auto,
            "any" => ToolChoice.Required,
            "none" => ToolChoice.None,
            "tool" => new ToolChoice(ToolChoiceMode.Function, AnthropicJson.GetString(choice, "name")
                ?? throw AnthropicJson.BadRequest("tool_choice.name: Field required when type is 'tool'.", "tool_choice.name")),
            var other => throw AnthropicJson.BadRequest($"tool_choice.type '{other}' is not one of auto, any, tool, none.", "tool_choice.type"),
        };

        bool? parallel = AnthropicJson.Get(choice, "disable_parallel_tool_use") is { ValueKind: JsonValueKind.True or JsonValueKind.False } disable
            ? !disable.GetBoolean()
            : null;
        return (mapped, parallel);
    }
}
