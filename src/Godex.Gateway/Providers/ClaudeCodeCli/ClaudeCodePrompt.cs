using System.Text;

using Godex.Wire;

namespace Godex.Gateway.Providers.ClaudeCodeCli;

/// <summary>
/// What one request becomes for `claude -p`: a system prompt (instructions plus system and developer
/// messages) and the prompt text for stdin. The CLI takes one prompt per run, so earlier turns are
/// written into it as a transcript, ahead of the last user message. What the CLI cannot be given —
/// client tools, tool turns, images, files — is refused with a 400 that says so.
/// </summary>
public sealed record ClaudeCodePrompt(string? SystemPrompt, string Text)
{
    public static ClaudeCodePrompt From(ChatRequest request, string provider)
    {
        if (request.Tools.Count > 0)
        {
            throw Refuse($"Provider '{provider}' runs the Claude Code CLI, which cannot be offered client-defined tools ({request.Tools.Count} in the request): the CLI would only run its own tools, and Godex runs it with them off. Send the request without tools (or with tool_choice none).", "tools");
        }

        var system = new List<string>();
        if (!string.IsNullOrWhiteSpace(request.Instructions))
        {
            system.Add(request.Instructions);
        }

        var turns = new List<(ChatRole Role, string Text)>();
        foreach (var message in request.Messages)
        {
            var text = TextOf(message, provider);
            if (message.Role is ChatRole.System or ChatRole.Developer)
            {
                system.Add(text);
            }
            else if (text.Length > 0)
            {
                turns.Add((message.Role, text));
            }
        }

        if (turns.Count == 0 || turns[^1].Role != ChatRole.User)
        {
            throw Refuse($"Provider '{provider}' runs the Claude Code CLI, which needs the conversation to end with a user message that has text.", "messages");
        }

        return new ClaudeCodePrompt(system.Count == 0 ? null : string.Join("\n\n", system), Transcript(turns));
    }

    /// <summary>Earlier turns as tagged text the model can read, then the last user message as the prompt itself.</summary>
    private static string Transcript(List<(ChatRole Role, string Text)> turns)
    {
        if (turns.Count == 1)
        {
            return turns[0].Text;
        }

        var builder = new StringBuilder("<conversation_so_far>\n");
        foreach (var (role, text) in turns.Take(turns.Count - 1))
        {
            var tag = role == ChatRole.Assistant ? "assistant" : "user";
            builder.Append('<').Append(tag).Append(">\n").Append(text).Append("\n</").Append(tag).Append(">\n");
        }

        return builder.Append("</conversation_so_far>\n\n").Append(turns[^1].Text).ToString();
    }

    private static string TextOf(ChatMessage message, string provider)
    {
        var builder = new StringBuilder();
        foreach (var part in message.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    builder.Append(builder.Length > 0 ? "\n" : "").Append(text.Text);
                    break;
                case ReasoningPart:
                    break; // the CLI thinks afresh each run; earlier reasoning cannot be replayed to it
                case ToolCallPart or ToolResultPart:
                    throw Refuse($"Provider '{provider}' runs the Claude Code CLI, which cannot take tool calls or tool results in the conversation (client tools are not supported).", "messages");
                default:
                    throw Refuse($"Provider '{provider}' runs the Claude Code CLI, which Godex gives text only: images and files are not supported.", "messages");
            }
        }

        return builder.ToString();
    }

    private static GodexException Refuse(string message, string param) =>
        new(new GodexError(400, "bridge.unsupported", message) { Param = param });
}
