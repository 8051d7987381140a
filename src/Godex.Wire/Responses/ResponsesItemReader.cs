using System.Text;
using System.Text.Json;

namespace Godex.Wire.Responses;

/// <summary>
/// Reads the items that look the same whether a client sends them back as input or an upstream returns
/// them as output: assistant messages, reasoning and tool calls.
/// </summary>
internal static class ResponsesItemReader
{
    private static readonly string[] MessageFields = ["type", "role", "content"];
    private static readonly string[] ReasoningFields = ["type", "encrypted_content"];

    /// <summary>An assistant message item's content parts; the item's own fields (id, status, phase) ride on each part.</summary>
    public static List<ContentPart> AssistantMessage(JsonElement item, string path)
    {
        var rest = ResponsesJson.Rest(item, MessageFields);
        JsonElement? fields = rest is null ? null : ResponsesJson.Build(json =>
        {
            json.WriteStartObject();
            foreach (var (name, value) in rest)
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }

            json.WriteEndObject();
        });

        var contentPath = $"{path}.content";
        switch (ResponsesJson.Property(item, "content"))
        {
            case { ValueKind: JsonValueKind.String } text:
                var bag = fields is { } f ? new Dictionary<string, JsonElement> { [ResponsesProtocol.MessageFields] = f } : null;
                return [new TextPart(text.GetString()!) { Extensions = ResponsesJson.Bag(bag) }];
            case { ValueKind: JsonValueKind.Array } list:
                return ResponsesInputReader.ReadContent(list, contentPath, assistant: true, fields);
            case null:
                return [];
            default:
                throw ResponsesJson.BadRequest($"{contentPath} must be a string or an array of content parts.", contentPath);
        }
    }

    /// <summary>A reasoning item: its summary (or, from open models, its reasoning text) as text; id, summary and the rest kept.</summary>
    public static ReasoningPart Reasoning(JsonElement item)
    {
        var text = new StringBuilder();
        AppendTexts(text, ResponsesJson.Property(item, "summary"));
        if (text.Length == 0)
        {
            AppendTexts(text, ResponsesJson.Property(item, "content"));
        }

        return new ReasoningPart
        {
            Text = text.ToString(),
            EncryptedContent = ResponsesJson.String(item, "encrypted_content"),
            Extensions = ResponsesJson.Bag(ResponsesJson.Rest(item, ReasoningFields)),
        };
    }

    /// <summary>A tool-call item of any call type; a namespaced function gets its flat name, and its namespace is kept.</summary>
    public static ToolCallPart Call(JsonElement item, string type, string path)
    {
        var callId = ResponsesJson.String(item, "call_id") ?? (type == ResponsesCalls.LocalShell ? ResponsesJson.String(item, "id") : null);
        if (string.IsNullOrEmpty(callId))
        {
            throw ResponsesJson.BadRequest($"{path}.call_id is required.", $"{path}.call_id");
        }

        var name = ResponsesJson.String(item, "name") ?? ResponsesCalls.BuiltInName(type);
        if (string.IsNullOrEmpty(name))
        {
            throw ResponsesJson.BadRequest($"{path}.name is required.", $"{path}.name");
        }

        if (ResponsesJson.String(item, "namespace") is { } space)
        {
            name = ResponsesProtocol.FlatName(space, name);
        }

        var rest = ResponsesJson.Rest(item, ["type", "call_id", "name", ResponsesCalls.InputField(type)]) ?? [];
        if (type != ResponsesCalls.Function)
        {
            rest["type"] = ResponsesJson.StringValue(type);
        }

        return new ToolCallPart(callId, name, ResponsesCalls.Arguments(type, item)) { Extensions = ResponsesJson.Bag(rest) };
    }

    private static void AppendTexts(StringBuilder text, JsonElement? parts)
    {
        if (parts is not { ValueKind: JsonValueKind.Array } list)
        {
            return;
        }

        foreach (var part in list.EnumerateArray())
        {
            if (ResponsesJson.String(part, "text") is { } piece)
            {
                text.Append(text.Length > 0 ? "\n\n" : "").Append(piece);
            }
        }
    }
}
