using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>Writes a <see cref="ChatResponse"/> as a `chat.completion` object.</summary>
public static class OpenAIChatResponseWriter
{
    public static void Write(IBufferWriter<byte> output, ChatResponse response)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, response);
    }

    public static void Write(Utf8JsonWriter json, ChatResponse response)
    {
        json.WriteStartObject();
        json.WriteString("id", response.Id);
        json.WriteString("object", "chat.completion");
        json.WriteNumber("created", response.Created.ToUnixTimeSeconds());
        json.WriteString("model", response.Model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");

        var text = response.JoinedText();
        var hasCalls = false;
        string? reasoning = null;
        foreach (var part in response.Parts)
        {
            hasCalls |= part is ToolCallPart;
            if (part is ReasoningPart { Text.Length: > 0 } r)
            {
                reasoning = reasoning is null ? r.Text : reasoning + r.Text;
            }
        }

        if (text.Length == 0 && hasCalls)
        {
            json.WriteNull("content");
        }
        else
        {
            json.WriteString("content", text);
        }

        if (reasoning is not null)
        {
            json.WriteString("reasoning_content", reasoning);
        }

        if (hasCalls)
        {
            json.WriteStartArray("tool_calls");
            foreach (var part in response.Parts)
            {
                if (part is ToolCallPart call)
                {
                    ChatJsonWrite.ToolCall(json, call, index: null);
                }
            }

            json.WriteEndArray();
        }

        json.WriteNull("refusal");
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", OpenAIChatProtocol.FormatFinishReason(response.FinishReason));
        json.WriteEndObject();
        json.WriteEndArray();
        if (response.Usage is { } usage)
        {
            ChatJsonWrite.Usage(json, usage);
        }

        ChatJsonWrite.Extensions(json, response.Extensions);
        json.WriteEndObject();
    }
}
