using System.Text.Json;

namespace Godex.Wire;

/// <summary>One piece of a message: text, image, file, tool call, tool result or reasoning.</summary>
public abstract record ContentPart
{
    /// <summary>Protocol-specific fields the canonical model does not name, written back to the same protocol.</summary>
    public ExtensionBag? Extensions { get; init; }
}

public sealed record TextPart(string Text) : ContentPart;

/// <summary>An image by URL (http or data:) or by bytes with a media type.</summary>
public sealed record ImagePart : ContentPart
{
    public string? Url { get; init; }
    public byte[]? Data { get; init; }
    public string? MediaType { get; init; }

    /// <summary>OpenAI's detail hint (auto, low, high); other protocols ignore it.</summary>
    public string? Detail { get; init; }
}

/// <summary>A document or other file: by id, URL or bytes.</summary>
public sealed record FilePart : ContentPart
{
    public string? FileId { get; init; }
    public string? Url { get; init; }
    public byte[]? Data { get; init; }
    public string? MediaType { get; init; }
    public string? FileName { get; init; }
}

/// <summary>The model asks for a tool. ArgumentsJson is the raw JSON text of the arguments object.</summary>
public sealed record ToolCallPart(string Id, string Name, string ArgumentsJson) : ContentPart
{
    /// <summary>An opaque signature the provider attached to the call (Gemini's thoughtSignature), replayed unchanged.</summary>
    public string? Signature { get; init; }
}

/// <summary>The answer to a tool call, referring to it by id.</summary>
public sealed record ToolResultPart(string CallId, IReadOnlyList<ContentPart> Content) : ContentPart
{
    public bool IsError { get; init; }

    /// <summary>The tool's name where the client sent it (Gemini needs it; Chat does not carry it).</summary>
    public string? Name { get; init; }

    public string TextContent()
    {
        if (Content.Count == 1 && Content[0] is TextPart single)
        {
            return single.Text;
        }

        var builder = new System.Text.StringBuilder();
        foreach (var part in Content)
        {
            if (part is TextPart text)
            {
                builder.Append(text.Text);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Model reasoning: visible text, a signature or an encrypted payload that must be replayed unchanged.</summary>
public sealed record ReasoningPart : ContentPart
{
    public string Text { get; init; } = "";
    public string? Signature { get; init; }
    public string? EncryptedContent { get; init; }

    /// <summary>True when the provider withheld the text (Anthropic's redacted_thinking).</summary>
    public bool Redacted { get; init; }
}

/// <summary>Helpers to read JSON fragments carried by parts.</summary>
public static class ToolArguments
{
    /// <summary>Returns valid JSON object text for arguments, turning "" into "{}" (several providers reject empty strings).</summary>
    public static string Normalize(string? argumentsJson) =>
        string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson;

    public static bool IsValidJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
