using System.Diagnostics;
using System.Runtime.CompilerServices;

using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// Watches an answer on its way from the provider, noting on the context what the trace needs:
/// when the upstream started and ended, the first token, usage, event count and failures. It only
/// reads; events pass through unchanged.
/// </summary>
public static class UpstreamObserver
{
    public static async IAsyncEnumerable<StreamEvent> ObserveAsync(GatewayContext context, IAsyncEnumerable<StreamEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        context.UpstreamStartTimestamp = Stopwatch.GetTimestamp();
        var finished = false;
        try
        {
            await foreach (var streamEvent in events.WithCancellation(cancellationToken))
            {
                Note(context, streamEvent);
                finished |= streamEvent is ResponseFinished or ResponseFailed;
                yield return streamEvent;
            }
        }
        finally
        {
            context.UpstreamEndTimestamp = Stopwatch.GetTimestamp();
            context.ClientDisconnected |= !finished && cancellationToken.IsCancellationRequested;
            if (finished)
            {
                AnswerCheck.Record(context);
            }
        }
    }

    private static void Note(GatewayContext context, StreamEvent streamEvent)
    {
        context.StreamEvents++;
        switch (streamEvent)
        {
            case TextDelta delta:
                context.FirstTokenTimestamp ??= Stopwatch.GetTimestamp();
                context.OutputCharacters += delta.Text.Length;
                context.AnswerText?.Append(delta.Text);
                break;
            case ReasoningDelta delta:
                context.FirstTokenTimestamp ??= Stopwatch.GetTimestamp();
                context.OutputCharacters += delta.Text.Length;
                break;
            case ToolArgumentsDelta delta:
                context.FirstTokenTimestamp ??= Stopwatch.GetTimestamp();
                context.OutputCharacters += delta.Json.Length;
                break;
            case UsageReported reported:
                context.Usage = context.Usage is null ? reported.Usage : context.Usage.Merge(reported.Usage);
                break;
            case ResponseFailed failed:
                context.Error = failed.Error;
                break;
        }
    }
}
