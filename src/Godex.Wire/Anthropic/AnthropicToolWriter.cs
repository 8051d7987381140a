using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Writes `tools` and `tool_choice` for an Anthropic upstream.</summary>
internal static class AnthropicToolWriter
{
    public static void Write(Utf8JsonWriter json, ChatRequest request)
    {
        if (request.Tools.Count == 0)
        {
            return; // Anthropic refuses tool_choice without tools, and it would mean nothing
        }

        json.WriteStartArray("tools");
        foreach (var tool in request.Tools)
        {
            if (tool.Kind != ToolDefinition.FunctionKind)
            {
                // Server tools (web_search_..., bash_...) read from an Anthropic client replay as they came.
                if (tool.Raw is not { } raw || tool.Extensions?.Protocol != AnthropicProtocol.Name)
                {
                    throw new GodexException(GodexError.BadRequest($"Tool '{tool.Name}' is a '{tool.Kind}' tool, which an Anthropic upstream cannot take; only function tools and Anthropic's own server tools can be sent there.", "tools"));
                }

                raw.WriteTo(json);
                continue;
            }

            json.WriteStartObject();
            json.WriteString("name", tool.Name);
            if (tool.Description is { } description)
            {
                json.WriteString("description", description);
            }

            json.WritePropertyName("input_schema");
            if (tool.Parameters is { ValueKind: JsonValueKind.Object } schema)
            {
                schema.WriteTo(json);
            }
            else
            {
                // Anthropic requires an object schema; a tool without parameters takes none.
                EmptyObjectSchema.Write(json);
            }

            if (tool.Strict is { } strict)
            {
                json.WriteBoolean("strict", strict);
            }

            AnthropicJson.Extensions(json, tool.Extensions, "name", "description", "input_schema", "strict");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteChoice(json, request.ToolChoice, request.ParallelToolCalls);
    }

    private static void WriteChoice(Utf8JsonWriter json, ToolChoice? choice, bool? parallel)
    {
        if (choice is null && parallel != false)
        {
            return;
        }

        json.WriteStartObject("tool_choice");
        switch (choice?.Mode ?? ToolChoiceMode.Auto)
        {
            case ToolChoiceMode.None:
                json.WriteString("type", "none");
                json.WriteEndObject();
                return;
            case ToolChoiceMode.Required:
                json.WriteString("type", "any");
                break;
            case ToolChoiceMode.Function:
                json.WriteString("type", "tool");
                json.WriteString("name", choice!.FunctionName);
                break;
            default:
                json.WriteString("type", "auto");
                break;
        }

        if (parallel == false)
        {
            json.WriteBoolean("disable_parallel_tool_use", true);
        }

        json.WriteEndObject();
    }
}
