using System.Text.Json;

using Godex.Wire.OpenAIChat;

namespace Godex.Wire.Responses;

/// <summary>Writes canonical tools and tool choice in Responses shape: for upstream requests and for the echo in responses.</summary>
internal static class ResponsesToolWriter
{
    private static readonly string[] FunctionFields = ["type", "name", "description", "parameters", "strict", "namespace"];

    /// <param name="sameProtocol">The tools came from a Responses client, so unset fields keep the protocol's defaults.</param>
    public static void WriteTools(Utf8JsonWriter json, IReadOnlyList<ToolDefinition> tools, bool sameProtocol)
    {
        json.WriteStartArray("tools");
        var spaces = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (ResponsesToolMap.NamespaceOf(tool) is not { } header)
            {
                WriteTool(json, tool, tool.Name, sameProtocol);
                continue;
            }

            // The members of a namespace go back into one namespace tool, where its first member stood.
            var space = ResponsesJson.String(header, "name") ?? "";
            if (!spaces.Add(space))
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("type", "namespace");
            foreach (var property in header.EnumerateObject())
            {
                property.WriteTo(json);
            }

            json.WriteStartArray("tools");
            for (var j = i; j < tools.Count; j++)
            {
                if (ResponsesToolMap.NamespaceOf(tools[j]) is { } other && ResponsesJson.String(other, "name") == space)
                {
                    WriteTool(json, tools[j], ResponsesProtocol.MemberName(space, tools[j].Name), sameProtocol);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void WriteChoice(Utf8JsonWriter json, ChatRequest request, ResponsesToolMap tools)
    {
        if (ResponsesJson.BagValue(request.Extensions, "tool_choice") is { } raw)
        {
            json.WritePropertyName("tool_choice");
            raw.WriteTo(json);
            return;
        }

        switch (request.ToolChoice)
        {
            case null:
                break;
            case { Mode: ToolChoiceMode.Function, FunctionName: { } name }:
                var (wireName, space) = tools.WireName(name, null);
                json.WriteStartObject("tool_choice");
                json.WriteString("type", tools.CallType(name, null) == ResponsesCalls.Custom ? "custom" : "function");
                json.WriteString("name", wireName);
                if (space is not null)
                {
                    json.WriteString("namespace", space);
                }

                json.WriteEndObject();
                break;
            case var choice:
                json.WriteString("tool_choice", OpenAIToolChoice.FormatMode(choice.Mode));
                break;
        }
    }

    private static void WriteTool(Utf8JsonWriter json, ToolDefinition tool, string name, bool sameProtocol)
    {
        if (tool.Kind != ToolDefinition.FunctionKind)
        {
            // Raw is Responses-shaped only when a Responses reader tagged the tool with its bag.
            if (tool.Raw is not { } raw || tool.Extensions?.Protocol != ResponsesProtocol.Name)
            {
                throw new GodexException(GodexError.BadRequest(
                    $"Tool '{tool.Name}' is a '{tool.Kind}' tool of another protocol, which an OpenAI Responses upstream cannot take; only function tools cross protocols.", "tools"));
            }

            raw.WriteTo(json);
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "function");
        json.WriteString("name", name);
        if (tool.Description is { } description)
        {
            json.WriteString("description", description);
        }

        if (tool.Parameters is { } parameters)
        {
            json.WritePropertyName("parameters");
            parameters.WriteTo(json);
        }
        else if (!sameProtocol)
        {
            json.WritePropertyName("parameters");
            EmptyObjectSchema.Write(json);
        }

        // Responses makes function tools strict unless told otherwise; tools from other protocols were not written for that.
        if (tool.Strict is { } strict)
        {
            json.WriteBoolean("strict", strict);
        }
        else if (!sameProtocol)
        {
            json.WriteBoolean("strict", false);
        }

        ResponsesJson.WriteBag(json, tool.Extensions, FunctionFields);
        json.WriteEndObject();
    }
}
