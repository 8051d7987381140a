using System.Text;

using Godex.Wire;

using Microsoft.ML.Tokenizers;

namespace Godex.Gateway.TokenCounting;

/// <summary>
/// Counts a request's input tokens locally with the o200k_base encoding, for token-count endpoints
/// whose provider cannot count. Other vendors' tokenizers differ, so callers mark the figure as an
/// estimate (header `x-godex-token-count: estimated`).
/// </summary>
public sealed class TokenEstimator
{
    // Per-message framing that chat templates add around each turn.
    private const int PerMessageOverhead = 4;
    private const int PerImage = 765;

    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public int Count(ChatRequest request)
    {
        var text = new StringBuilder(request.Instructions);
        var extra = 0;
        foreach (var message in request.Messages)
        {
            extra += PerMessageOverhead;
            foreach (var part in message.Parts)
            {
                extra += Append(text, part);
            }
        }

        foreach (var tool in request.Tools)
        {
            text.Append(tool.Name).Append(tool.Description);
            if (tool.Parameters is { } schema)
            {
                text.Append(schema.GetRawText());
            }
        }

        return _tokenizer.Value.CountTokens(text.ToString()) + extra;
    }

    private static int Append(StringBuilder text, ContentPart part)
    {
        switch (part)
        {
            case TextPart t:
                text.Append(t.Text);
                return 0;
            case ReasoningPart r:
                text.Append(r.Text);
                return 0;
            case ToolCallPart call:
                text.Append(call.Name).Append(call.ArgumentsJson);
                return 0;
            case ToolResultPart result:
                var images = 0;
                foreach (var inner in result.Content)
                {
                    images += Append(text, inner);
                }

                return images;
            case ImagePart or FilePart:
                return PerImage;
            default:
                return 0;
        }
    }
}
