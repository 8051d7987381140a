namespace Godex.Wire;

public sealed record ChatMessage(ChatRole Role, IReadOnlyList<ContentPart> Parts)
{
    /// <summary>Optional participant name (OpenAI's `name`).</summary>
    public string? Name { get; init; }

    public ExtensionBag? Extensions { get; init; }

    public static ChatMessage Text(ChatRole role, string text) => new(role, [new TextPart(text)]);

    /// <summary>The message's text parts joined, ignoring other parts.</summary>
    public string JoinedText()
    {
        if (Parts.Count == 1 && Parts[0] is TextPart single)
        {
            return single.Text;
        }

        var builder = new System.Text.StringBuilder();
        foreach (var part in Parts)
        {
            if (part is TextPart text)
            {
                builder.Append(text.Text);
            }
        }

        return builder.ToString();
    }
}
