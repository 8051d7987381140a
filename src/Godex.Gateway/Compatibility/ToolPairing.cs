using Godex.Wire;

namespace Godex.Gateway.Compatibility;

/// <summary>
/// For providers that reject unpaired tool turns (MiniMax): drops tool results whose call is not in the
/// conversation, and calls that never got a result (except in the last message, where the client may
/// be about to answer them).
/// </summary>
internal static class ToolPairing
{
    public static ChatRequest DropUnpaired(ChatRequest request, List<string> degradations)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        var results = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in request.Messages)
        {
            foreach (var part in message.Parts)
            {
                switch (part)
                {
                    case ToolCallPart call:
                        calls.Add(call.Id);
                        break;
                    case ToolResultPart result:
                        results.Add(result.CallId);
                        break;
                }
            }
        }

        var dropped = 0;
        var messages = new List<ChatMessage>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            var last = i == request.Messages.Count - 1;
            var parts = message.Parts.Where(part => part switch
            {
                ToolResultPart result => calls.Contains(result.CallId),
                ToolCallPart call => last || results.Contains(call.Id),
                _ => true,
            }).ToList();
            dropped += message.Parts.Count - parts.Count;
            if (parts.Count > 0)
            {
                messages.Add(parts.Count == message.Parts.Count ? message : message with { Parts = parts });
            }
        }

        if (dropped == 0)
        {
            return request;
        }

        degradations.Add($"{dropped} unpaired tool call/result part(s) dropped (provider rejects them)");
        return request with { Messages = messages };
    }
}
