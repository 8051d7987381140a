using System.Text.Json;

using Godex.Wire.OpenAIChat;

namespace Godex.Wire.Responses;

/// <summary>
/// Reads Responses `tools` and `tool_choice`. Function tools become canonical function tools. A
/// `namespace` tool (Codex groups MCP and agent tools this way) is flattened into function tools named
/// <c>namespace__name</c>, each remembering its namespace in its bag, so any upstream can call them and a
/// Responses upstream or client gets the namespace back. Every other kind (web_search, custom,
/// local_shell, apply_patch, mcp, ...) keeps its Kind and raw JSON.
/// </summary>
internal static class ResponsesToolReader
{
    private static readonly string[] FunctionFields = ["type", "name", "description", "parameters", "strict"];
    private static readonly string[] NamespaceFields = ["tools"];

    public static List<ToolDefinition> Read(List<JsonElement>? tools)
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
                throw ResponsesJson.BadRequest($"{path} must be an object with a 'type'.", path);
            }

            var type = ResponsesJson.String(tool, "type")
                ?? throw ResponsesJson.BadRequest($"{path}.type is required (function, namespace, custom, web_search, ...).", $"{path}.type");
            if (type == "namespace")
            {
                ReadNamespace(tool, path, result);
            }
            else
            {
                result.Add(ReadTool(tool, type, path, space: null));
            }
        }

        return result;
    }

    public static ToolChoice? ReadChoice(JsonElement? element, out JsonElement? raw)
    {
        raw = null;
        if (element is not { } choice || choice.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return OpenAIToolChoice.ParseMode(choice.GetString());
        }

        if (choice.ValueKind != JsonValueKind.Object || ResponsesJson.String(choice, "type") is not { } type)
        {
            throw ResponsesJson.BadRequest("tool_choice must be 'auto', 'none', 'required' or an object with a 'type'.", "tool_choice");
        }

        switch (type)
        {
            case "function" or "custom":
                var name = ResponsesJson.String(choice, "name")
                    ?? throw ResponsesJson.BadRequest($"tool_choice.name is required for type '{type}'.", "tool_choice.name");
                return new ToolChoice(ToolChoiceMode.Function, ResponsesJson.String(choice, "namespace") is { } space ? ResponsesProtocol.FlatName(space, name) : name);
            case "allowed_tools":
                // A subset of the declared tools: other protocols get the mode; a Responses upstream gets it whole.
                raw = choice.Clone();
                return ResponsesJson.String(choice, "mode") == "required" ? ToolChoice.Required : ToolChoice.Auto;
            default:
                // A hosted tool (web_search, file_search, mcp, ...) must be used: kept whole for Responses.
                raw = choice.Clone();
                return ToolChoice.Required;
        }
    }

    private static void ReadNamespace(JsonElement tool, string path, List<ToolDefinition> result)
    {
        var space = ResponsesJson.String(tool, "name")
            ?? throw ResponsesJson.BadRequest($"{path}.name is required on a namespace tool.", $"{path}.name");
        if (ResponsesJson.Property(tool, "tools") is not { ValueKind: JsonValueKind.Array } members)
        {
            throw ResponsesJson.BadRequest($"{path}.tools must be an array of the namespace's tools.", $"{path}.tools");
        }

        // The namespace itself (name, description, ...) without its members, kept on every member.
        var header = ResponsesJson.Build(json =>
        {
            json.WriteStartObject();
            foreach (var property in tool.EnumerateObject())
            {
                if (!NamespaceFields.AsSpan().Contains(property.Name) && property.Name != "type")
                {
                    property.WriteTo(json);
                }
            }

            json.WriteEndObject();
        });

        var index = 0;
        foreach (var member in members.EnumerateArray())
        {
            var memberPath = $"{path}.tools[{index++}]";
            if (member.ValueKind != JsonValueKind.Object)
            {
                throw ResponsesJson.BadRequest($"{memberPath} must be an object.", memberPath);
            }

            var type = ResponsesJson.String(member, "type") ?? "function";
            result.Add(ReadTool(member, type, memberPath, (space, header)));
        }
    }

    private static ToolDefinition ReadTool(JsonElement tool, string type, string path, (string Name, JsonElement Header)? space)
    {
        var name = ResponsesJson.String(tool, "name");
        if (type == ToolDefinition.FunctionKind && string.IsNullOrEmpty(name))
        {
            throw ResponsesJson.BadRequest($"{path}.name is required on a function tool.", $"{path}.name");
        }

        if (type == "custom" && string.IsNullOrEmpty(name))
        {
            throw ResponsesJson.BadRequest($"{path}.name is required on a custom tool.", $"{path}.name");
        }

        var fields = type == ToolDefinition.FunctionKind ? ResponsesJson.Rest(tool, FunctionFields) : null;
        if (space is { } ns)
        {
            fields ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            fields["namespace"] = ns.Header;
            name = ResponsesProtocol.FlatName(ns.Name, name ?? type);
        }

        var description = ResponsesJson.String(tool, "description");
        if (type == ToolDefinition.FunctionKind)
        {
            return new ToolDefinition(name!)
            {
                Description = description,
                Parameters = ResponsesJson.Property(tool, "parameters"),
                Strict = ResponsesJson.Property(tool, "strict") is { ValueKind: JsonValueKind.True or JsonValueKind.False } strict ? strict.GetBoolean() : null,
                Extensions = ResponsesJson.Bag(fields),
            };
        }

        // The bag (even empty) marks Raw as Responses-shaped, so only a Responses writer replays it.
        return new ToolDefinition(name ?? type)
        {
            Kind = type,
            Raw = tool.Clone(),
            Description = description,
            Parameters = type == "custom" ? null : ResponsesJson.Property(tool, "parameters"),
            Extensions = new ExtensionBag(ResponsesProtocol.Name, fields ?? new Dictionary<string, JsonElement>()),
        };
    }
}
