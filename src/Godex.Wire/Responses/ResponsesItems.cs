using System.Text.Json;

namespace Godex.Wire.Responses;

/// <summary>One output item of a response, as the writers assemble it from canonical parts.</summary>
internal abstract record OutputItem(string Id);

/// <summary>An assistant message: one or more text (or refusal) parts that came as one item.</summary>
internal sealed record MessageOutput(string Id, List<TextPart> Texts) : OutputItem(Id);

internal sealed record ReasoningOutput(string Id, ReasoningPart Reasoning) : OutputItem(Id);

internal sealed record CallOutput(string Id, string Type, ToolCallPart Call) : OutputItem(Id);

/// <summary>An item Godex does not model, replayed whole (only a Responses upstream produces these).</summary>
internal sealed record OpaqueOutput(JsonElement Item) : OutputItem(ResponsesJson.String(Item, "id") ?? "");

/// <summary>Writes output items (and the call fields input items share) in the exact shape the API returns them.</summary>
internal static class ResponsesItems
{
    private static readonly string[] MessageItemFields = ["id", "type", "status", "role", "content"];
    private static readonly string[] ReasoningItemFields = ["id", "type", "status", "summary", "encrypted_content"];
    private static readonly string[] TextPartFields = ["type", "text", "refusal", "annotations", "logprobs", ResponsesProtocol.MessageFields];

    public static string[] CallItemFields(string type) => ["type", "call_id", "name", "namespace", ResponsesCalls.InputField(type)];

    /// <summary>type, call_id, name and namespace (where the item has them) and the input field.</summary>
    public static void WriteCallFields(Utf8JsonWriter json, string type, string callId, string name, string argumentsJson, ExtensionBag? bag, ResponsesToolMap tools)
    {
        json.WriteString("type", type);
        json.WriteString("call_id", callId);
        if (type is ResponsesCalls.Function or ResponsesCalls.Custom)
        {
            var (wireName, space) = tools.WireName(name, bag);
            json.WriteString("name", wireName);
            if (space is not null)
            {
                json.WriteString("namespace", space);
            }
        }

        ResponsesCalls.WriteInput(json, type, argumentsJson);
    }

    /// <summary>A reasoning item's `summary`: as the Responses side sent it, else the text as one summary part.</summary>
    public static void WriteSummary(Utf8JsonWriter json, ReasoningPart reasoning)
    {
        json.WritePropertyName("summary");
        if (ResponsesJson.BagValue(reasoning.Extensions, "summary") is { ValueKind: JsonValueKind.Array } summary)
        {
            summary.WriteTo(json);
            return;
        }

        json.WriteStartArray();
        if (reasoning.Text.Length > 0)
        {
            WriteSummaryPart(json, reasoning.Text);
        }

        json.WriteEndArray();
    }

    public static void WriteSummaryPart(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", "summary_text");
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>Writes an output item: as announced by output_item.added (<paramref name="done"/> false: empty) or finished.</summary>
    public static void WriteItem(Utf8JsonWriter json, OutputItem item, bool done, string status, ResponsesToolMap tools)
    {
        switch (item)
        {
            case OpaqueOutput opaque:
                opaque.Item.WriteTo(json);
                return;
            case MessageOutput message:
                json.WriteStartObject();
                json.WriteString("id", message.Id);
                json.WriteString("type", "message");
                json.WriteString("status", done ? status : "in_progress");
                json.WriteStartArray("content");
                if (done)
                {
                    foreach (var text in message.Texts)
                    {
                        WriteTextPart(json, text, text.Text);
                    }
                }

                json.WriteEndArray();
                json.WriteString("role", "assistant");
                if (message.Texts.Count > 0 && ResponsesJson.BagValue(message.Texts[0].Extensions, ResponsesProtocol.MessageFields) is { ValueKind: JsonValueKind.Object } fields)
                {
                    foreach (var property in fields.EnumerateObject())
                    {
                        if (!MessageItemFields.AsSpan().Contains(property.Name))
                        {
                            property.WriteTo(json);
                        }
                    }
                }

                json.WriteEndObject();
                return;
            case ReasoningOutput reasoning:
                json.WriteStartObject();
                json.WriteString("id", reasoning.Id);
                json.WriteString("type", "reasoning");
                if (done)
                {
                    if (reasoning.Reasoning.EncryptedContent is { } encrypted)
                    {
                        json.WriteString("encrypted_content", encrypted);
                    }

                    WriteSummary(json, reasoning.Reasoning);
                    ResponsesJson.WriteBag(json, reasoning.Reasoning.Extensions, ReasoningItemFields);
                }
                else
                {
                    json.WriteStartArray("summary");
                    json.WriteEndArray();
                }

                json.WriteEndObject();
                return;
            case CallOutput call:
                json.WriteStartObject();
                json.WriteString("id", call.Id);
                json.WriteString("status", done ? status : "in_progress");
                var arguments = done ? call.Call.ArgumentsJson : EmptyInput(call.Type, call.Call.ArgumentsJson);
                WriteCallFields(json, call.Type, call.Call.Id, call.Call.Name, arguments, call.Call.Extensions, tools);
                ResponsesJson.WriteBag(json, call.Call.Extensions, [.. CallItemFields(call.Type), "id", "status"]);
                json.WriteEndObject();
                return;
        }
    }

    /// <summary>A content part of a message item, with the given text (empty when announced).</summary>
    public static void WriteTextPart(Utf8JsonWriter json, TextPart part, string text)
    {
        json.WriteStartObject();
        if (ResponsesJson.BagString(part.Extensions, "type") == "refusal")
        {
            json.WriteString("type", "refusal");
            json.WriteString("refusal", text);
        }
        else
        {
            json.WriteString("type", "output_text");
            WriteArray(json, "annotations", ResponsesJson.BagValue(part.Extensions, "annotations"));
            WriteArray(json, "logprobs", ResponsesJson.BagValue(part.Extensions, "logprobs"));
            json.WriteString("text", text);
        }

        ResponsesJson.WriteBag(json, part.Extensions, TextPartFields);
        json.WriteEndObject();
    }

    /// <summary>What a call's input looks like before any of it has streamed.</summary>
    private static string EmptyInput(string type, string argumentsJson) => type switch
    {
        ResponsesCalls.Function => "",
        ResponsesCalls.Custom => """{"input":""}""",
        // apply_patch announces its operation with the diff still empty, as the API does.
        ResponsesCalls.ApplyPatch => EmptyDiff(argumentsJson),
        _ => argumentsJson,
    };

    private static string EmptyDiff(string operationJson)
    {
        if (!ToolArguments.IsValidJson(operationJson))
        {
            return operationJson;
        }

        var operation = ResponsesJson.Parse(operationJson);
        if (operation.ValueKind != JsonValueKind.Object)
        {
            return operationJson;
        }

        return ResponsesJson.Build(json =>
        {
            json.WriteStartObject();
            foreach (var property in operation.EnumerateObject())
            {
                if (property.Name == "diff")
                {
                    json.WriteString("diff", "");
                }
                else
                {
                    property.WriteTo(json);
                }
            }

            json.WriteEndObject();
        }).GetRawText();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, JsonElement? value)
    {
        json.WritePropertyName(name);
        if (value is { ValueKind: JsonValueKind.Array } array)
        {
            array.WriteTo(json);
        }
        else
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }
    }
}
