using Godex.Wire;

namespace Godex.Gateway.Agents;

/// <summary>Answers one tool call; return a result (IsError for failures) rather than throwing.</summary>
public delegate Task<ToolResultPart> ToolHandler(ToolCallPart call, CancellationToken cancellationToken);

/// <summary>Streams one model turn for a request: in-process through the pipeline, or over HTTP to a gateway.</summary>
public delegate IAsyncEnumerable<StreamEvent> TurnStreamer(ChatRequest request, CancellationToken cancellationToken);

/// <summary>How a tool loop ended.</summary>
public enum ToolLoopOutcome
{
    /// <summary>The model gave an answer without calling tools.</summary>
    Answered,

    /// <summary>The model called tools and no handler was given to answer them.</summary>
    ToolCallsPending,

    /// <summary>The step limit was reached while the model still called tools.</summary>
    StepLimit,

    /// <summary>The upstream failed; see <see cref="ToolLoopResult.Error"/>.</summary>
    Failed,
}

public sealed record ToolLoopResult(ToolLoopOutcome Outcome, ChatResponse? LastResponse, int Steps, Usage Usage, IReadOnlyList<ChatMessage> Conversation)
{
    public GodexError? Error { get; init; }
}

/// <summary>Sees everything a tool loop does, as it happens (for printing, logging, tests).</summary>
public interface IToolLoopObserver
{
    void OnStepStarted(int step);

    void OnEvent(int step, StreamEvent streamEvent);

    void OnToolResult(int step, ToolCallPart call, ToolResultPart result);
}

/// <summary>
/// The agent loop: stream a turn, collect its tool calls, dispatch them to the handler, send the
/// results back, repeat until the model answers without tools or the step limit is reached.
/// </summary>
public sealed class ToolLoop(TurnStreamer streamer, ToolHandler? handler, int maxSteps, IToolLoopObserver? observer = null)
{
    public async Task<ToolLoopResult> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var conversation = new List<ChatMessage>(request.Messages);
        var total = new Usage();
        ChatResponse? last = null;
        for (var step = 1; step <= maxSteps; step++)
        {
            observer?.OnStepStarted(step);
            var accumulator = new ResponseAccumulator();
            await foreach (var streamEvent in streamer(request with { Messages = conversation, Stream = true }, cancellationToken))
            {
                observer?.OnEvent(step, streamEvent);
                accumulator.Add(streamEvent);
            }

            last = accumulator.ToResponse();
            total = Add(total, last.Usage);
            if (accumulator.Error is { } error)
            {
                return new ToolLoopResult(ToolLoopOutcome.Failed, last, step, total, conversation) { Error = error };
            }

            var calls = last.Parts.OfType<ToolCallPart>().ToList();
            conversation.Add(new ChatMessage(ChatRole.Assistant, last.Parts));
            if (calls.Count == 0)
            {
                return new ToolLoopResult(ToolLoopOutcome.Answered, last, step, total, conversation);
            }

            if (handler is null)
            {
                return new ToolLoopResult(ToolLoopOutcome.ToolCallsPending, last, step, total, conversation);
            }

            var results = new List<ContentPart>(calls.Count);
            foreach (var call in calls)
            {
                var result = await handler(call, cancellationToken);
                observer?.OnToolResult(step, call, result);
                results.Add(result);
            }

            conversation.Add(new ChatMessage(ChatRole.Tool, results));
        }

        return new ToolLoopResult(ToolLoopOutcome.StepLimit, last, maxSteps, total, conversation);
    }

    private static Usage Add(Usage total, Usage? turn) => turn is null ? total : new Usage
    {
        InputTokens = total.InputTokens + turn.InputTokens,
        OutputTokens = total.OutputTokens + turn.OutputTokens,
        CachedInputTokens = total.CachedInputTokens + turn.CachedInputTokens,
        CacheWriteTokens = total.CacheWriteTokens + turn.CacheWriteTokens,
        ReasoningTokens = total.ReasoningTokens + turn.ReasoningTokens,
        Estimated = total.Estimated || turn.Estimated,
    };
}
