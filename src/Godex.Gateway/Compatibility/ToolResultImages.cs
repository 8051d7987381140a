using Godex.Wire;

namespace Godex.Gateway.Compatibility;

/// <summary>
/// Chat Completions tool messages carry text only: a tool result holding images becomes its text plus
/// a user message with the images right after, so nothing the tool returned is lost.
/// </summary>
internal static class ToolResultImages
{
    public static ChatRequest Split(ChatRequest request, List<string> degradations)
    {
        if (!request.Messages.Any(message => message.Parts.Any(part => part is ToolResultPart result && result.Content.Any(IsMedia))))
        {
            return request;
        }

        var messages = new List<ChatMessage>(request.Messages.Count + 1);
        foreach (var message in request.Messages)
        {
            var media = new List<ContentPart>();
            var parts = new List<ContentPart>(message.Parts.Count);
            foreach (var part in message.Parts)
            {
                if (part is ToolResultPart result && result.Content.Any(IsMedia))
                {
                    var images = result.Content.Where(IsMedia).ToList();
                    media.AddRange(images);
                    var text = result.Content.Where(content => !IsMedia(content)).ToList();
                    text.Add(new TextPart($"[{images.Count} image(s) from this tool result follow in the next message]"));
                    parts.Add(result with { Content = text });
                    degradations.Add($"tool result '{result.CallId}': {images.Count} image(s) moved to a user message");
                }
                else
                {
                    parts.Add(part);
                }
            }

            messages.Add(media.Count == 0 ? message : message with { Parts = parts });
            if (media.Count > 0)
            {
                messages.Add(new ChatMessage(ChatRole.User, media));
            }
        }

        return request with { Messages = messages };
    }

    private static bool IsMedia(ContentPart part) => part is ImagePart or FilePart;
}
