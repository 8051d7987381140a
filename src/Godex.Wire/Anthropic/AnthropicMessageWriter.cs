using System.Text.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Writes `system` and `messages` for an Anthropic upstream.</summary>
internal static class AnthropicMessageWriter
{
    public static void Write(Utf8JsonWriter json, ChatRequest request)
    {
        var system = new List<ContentPart>();
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            system.Add(new TextPart(request.Instructions));
        }

        var turns = new List<Turn>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            var path = $"messages[{i}]";
            if (message.Role is ChatRole.System or ChatRole.Developer)
            {
                var text = SystemText(message, path);
                if (message.Role == ChatRole.System && message.Extensions?.Protocol == AnthropicProtocol.Name)
                {
                    // An Anthropic client put it inline (Claude Code does); moving it would change the prompt-cache prefix.
                    if (text.Count > 0)
                    {
                        turns.Add(new Turn("system", text));
                    }
                }
                else
                {
                    system.AddRange(text);
                }

                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "assistant" : "user";
            var parts = Carried(message, role, path);
            if (parts.Count == 0)
            {
                continue;
            }

            if (turns.Count > 0 && turns[^1].Role == role)
            {
                turns[^1].Parts.AddRange(parts); // Anthropic wants user and assistant turns to alternate
            }
            else
            {
                turns.Add(new Turn(role, parts));
            }
        }

        if (system.Count > 0)
        {
            AnthropicContentWriter.TextContent(json, "system", system);
        }

        json.WriteStartArray("messages");
        foreach (var turn in turns)
        {
            json.WriteStartObject();
            json.WriteString("role", turn.Role);
            if (turn.Role == "system" || (turn.Parts.Count == 1 && turn.Parts[0] is TextPart { Extensions: null }))
            {
                AnthropicContentWriter.TextContent(json, "content", turn.Parts);
            }
            else
            {
                WriteBlocks(json, turn);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteBlocks(Utf8JsonWriter json, Turn turn)
    {
        json.WriteStartArray("content");
        if (turn.Role == "user")
        {
            // Anthropic requires a user turn's tool_result blocks before anything else in it.
            foreach (var part in turn.Parts)
            {
                if (part is ToolResultPart result)
                {
                    AnthropicContentWriter.ToolResult(json, result, ToolId(result.CallId, "tool result"), "messages");
                }
            }
        }

        foreach (var part in turn.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    AnthropicContentWriter.Text(json, text);
                    break;
                case ImagePart image:
                    AnthropicContentWriter.Image(json, image, "messages");
                    break;
                case FilePart file:
                    AnthropicContentWriter.Document(json, file, "messages");
                    break;
                case ToolCallPart call:
                    AnthropicContentWriter.ToolUse(json, call, ToolId(call.Id, "tool call"), static message => new GodexException(GodexError.BadRequest(message, "messages")));
                    break;
                case ReasoningPart reasoning:
                    // Carried kept only signed or redacted reasoning, which the response's writer writes as it stands.
                    AnthropicContentWriter.Thinking(json, reasoning);
                    break;
            }
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// The parts Anthropic can carry in this turn. Empty text blocks are refused by the API and say
    /// nothing, so they go. Reasoning goes back only as Anthropic signed it (thinking with a signature,
    /// redacted_thinking): unsigned reasoning from another family (DeepSeek's reasoning_content,
    /// OpenAI's encrypted items) would be rejected, and a model does not need its own old thoughts.
    /// </summary>
    private static List<ContentPart> Carried(ChatMessage message, string role, string path)
    {
        var parts = new List<ContentPart>(message.Parts.Count);
        foreach (var part in message.Parts)
        {
            switch (part)
            {
                case TextPart { Text.Length: 0 }:
                    continue;
                case ReasoningPart reasoning:
                    if (role == "assistant" && ((reasoning.Redacted && reasoning.EncryptedContent is not null) || reasoning.Signature is not null))
                    {
                        parts.Add(reasoning);
                    }

                    continue;
                case ToolCallPart when role != "assistant":
                    throw AnthropicJson.BadRequest($"{path}: a tool call can only be sent in an assistant message to an Anthropic upstream.", path);
                case ToolResultPart when role != "user":
                    throw AnthropicJson.BadRequest($"{path}: a tool result can only be sent in a user or tool message to an Anthropic upstream.", path);
                case ImagePart or FilePart when role != "user":
                    throw AnthropicJson.BadRequest($"{path}: an Anthropic upstream takes images and files only from the user, not in an assistant message.", path);
                default:
                    parts.Add(part);
                    break;
            }
        }

        return parts;
    }

    private static List<ContentPart> SystemText(ChatMessage message, string path)
    {
        var text = new List<ContentPart>(message.Parts.Count);
        foreach (var part in message.Parts)
        {
            if (part is not TextPart t)
            {
                throw AnthropicJson.BadRequest($"{path}: a system or developer message sent to an Anthropic upstream may hold only text, not a {AnthropicContentWriter.Describe(part)}.", path);
            }

            if (t.Text.Length > 0)
            {
                text.Add(t);
            }
        }

        return text;
    }

    /// <summary>Anthropic ids match ^[a-zA-Z0-9_-]+$; other families' ids are mapped the same way on both the call and its result.</summary>
    private static string ToolId(string id, string what)
    {
        if (id.Length == 0)
        {
            throw AnthropicJson.BadRequest($"A {what} has no id; an Anthropic upstream pairs tool calls and results by id.", "messages");
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return string.Create(id.Length, id, static (span, source) =>
                {
                    for (var i = 0; i < source.Length; i++)
                    {
                        span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '_' or '-' ? source[i] : '_';
                    }
                });
            }
        }

        return id;
    }

    private sealed record Turn(string Role, List<ContentPart> Parts);
}
