namespace Godex.Wire;

/// <summary>Unfolds a finished <see cref="ChatResponse"/> into the events that would have streamed it.</summary>
public static class ResponseEvents
{
    public static IEnumerable<StreamEvent> Unfold(ChatResponse response)
    {
        yield return new ResponseStarted(response.Id, response.Model, response.Created) { Extensions = response.Extensions };
        for (var index = 0; index < response.Parts.Count; index++)
        {
            switch (response.Parts[index])
            {
                case TextPart text:
                    yield return new PartStarted(index, PartKind.Text) { Extensions = text.Extensions };
                    yield return new TextDelta(index, text.Text);
                    break;
                case ReasoningPart reasoning:
                    yield return new PartStarted(index, PartKind.Reasoning) { Extensions = reasoning.Extensions, Redacted = reasoning.Redacted };
                    if (reasoning.Text.Length > 0)
                    {
                        yield return new ReasoningDelta(index, reasoning.Text);
                    }

                    if (reasoning.Signature is not null || reasoning.EncryptedContent is not null)
                    {
                        yield return new ReasoningSignature(index, reasoning.Signature, reasoning.EncryptedContent);
                    }

                    break;
                case ToolCallPart call:
                    yield return new PartStarted(index, PartKind.ToolCall) { ToolCallId = call.Id, ToolName = call.Name, Extensions = call.Extensions };
                    yield return new ToolArgumentsDelta(index, call.ArgumentsJson);
                    if (call.Signature is not null)
                    {
                        yield return new ReasoningSignature(index, call.Signature);
                    }

                    break;
                default:
                    continue;
            }

            yield return new PartDone(index);
        }

        if (response.Usage is not null)
        {
            yield return new UsageReported(response.Usage);
        }

        yield return new ResponseFinished(response.FinishReason);
    }
}
