using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Writes a <see cref="ChatResponse"/> as a Messages `message` object.</summary>
public static class AnthropicResponseWriter
{
    public static void Write(IBufferWriter<byte> output, ChatResponse response)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, response);
    }

    public static void Write(Utf8JsonWriter json, ChatResponse response)
    {
        var bag = ExtensionBag.For(response.Extensions, AnthropicProtocol.Name);
        json.WriteStartObject();
        json.WriteString("id", MessageId(response.Id));
        json.WriteString("type", "message");
        json.WriteString("role", "assistant");
        json.WriteString("model", response.Model);
        json.WriteStartArray("content");
        for (var i = 0; i < response.Parts.Count; i++)
        {
            switch (response.Parts[i])
            {
                case TextPart text:
                    AnthropicContentWriter.Text(json, text);
                    break;
                case ReasoningPart { Text.Length: 0, EncryptedContent: null } when response.Parts.Take(i).Any(part => part is not ReasoningPart):
                    break; // a bare signature after the answer (Gemini's closing thoughtSignature): Anthropic has no place for it
                case ReasoningPart reasoning:
                    AnthropicContentWriter.Thinking(json, reasoning);
                    break;
                case ToolCallPart call:
                    AnthropicContentWriter.ToolUse(json, call, ToolUseId(call.Id, i), static message => new GodexException(new GodexError(502, "provider.invalid_response", message)));
                    break;
                case var other:
                    throw new GodexException(new GodexError(502, "bridge.untranslatable", $"The upstream answered with a {AnthropicContentWriter.Describe(other)}, which an Anthropic message cannot carry."));
            }
        }

        json.WriteEndArray();
        WriteVerbatimOr(json, bag, "stop_reason", AnthropicProtocol.FormatStopReason(response.FinishReason));
        WriteVerbatimOr(json, bag, "stop_sequence", null);
        AnthropicJson.WriteUsage(json, response.Usage);
        if (bag is not null)
        {
            foreach (var (name, value) in bag)
            {
                if (name is not ("stop_reason" or "stop_sequence"))
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }
            }
        }

        json.WriteEndObject();
    }

    /// <summary>Another family's id is kept (clients correlate by it); an empty one gets a placeholder, as the field is required.</summary>
    internal static string MessageId(string id) => id.Length > 0 ? id : "msg_godex";

    /// <summary>tool_use ids are required; a call that arrived without one gets a stable one by position.</summary>
    internal static string ToolUseId(string id, int index) => id.Length > 0 ? id : $"toolu_godex_{index}";

    private static void WriteVerbatimOr(Utf8JsonWriter json, Dictionary<string, JsonElement>? bag, string name, string? value)
    {
        if (bag?.TryGetValue(name, out var verbatim) == true)
        {
            json.WritePropertyName(name);
            verbatim.WriteTo(json);
        }
        else if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
