namespace Godex.Wire;

/// <summary>A finished answer: the fold of a stream of <see cref="StreamEvent"/>s.</summary>
public sealed record ChatResponse
{
    public string Id { get; init; } = "";
    public string Model { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    public IReadOnlyList<ContentPart> Parts { get; init; } = [];
    public FinishReason FinishReason { get; init; }
    public Usage? Usage { get; init; }

    /// <summary>The upstream's own fingerprint/service tier etc., kept for same-protocol clients.</summary>
    public ExtensionBag? Extensions { get; init; }

    public string JoinedText()
    {
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
