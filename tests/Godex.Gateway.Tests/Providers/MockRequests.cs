using Godex.Gateway.Providers;
using Godex.Gateway.Providers.Mock;
using Godex.Wire;

namespace Godex.Gateway.Tests.Providers;

/// <summary>Requests and a fixed clock for driving the mock provider.</summary>
internal static class MockRequests
{
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static MockProvider Provider() => new("mock", new FixedTime());

    public static ChatRequest Ask(string model, string prompt, params string[] tools) => new()
    {
        Model = model,
        Messages = [ChatMessage.Text(ChatRole.User, prompt)],
        Tools = [.. tools.Select(tool => new ToolDefinition(tool))],
    };

    /// <summary>The request after the model called a tool and the client ran it.</summary>
    public static ChatRequest AfterToolResult(ChatRequest request, ToolCallPart call, string result) => request with
    {
        Messages =
        [
            .. request.Messages,
            new ChatMessage(ChatRole.Assistant, [call]),
            new ChatMessage(ChatRole.Tool, [new ToolResultPart(call.Id, [new TextPart(result)])]),
        ],
    };

    /// <summary>The mock's whole answer, folded as a front door folds it for a client that wants no stream.</summary>
    public static Task<ChatResponse> CompleteAsync(this MockProvider mock, ChatRequest request, CancellationToken cancellationToken) =>
        ResponseAccumulator.FoldAsync(mock.AnswerAsync(new ProviderCall(request with { Stream = false }), cancellationToken), cancellationToken);

    /// <summary>The mock's answer as a client asking for a stream gets it.</summary>
    public static IAsyncEnumerable<StreamEvent> StreamAsync(this MockProvider mock, ChatRequest request, CancellationToken cancellationToken) =>
        mock.AnswerAsync(new ProviderCall(request with { Stream = true }), cancellationToken);

    public static async Task<List<StreamEvent>> CollectAsync(IAsyncEnumerable<StreamEvent> stream)
    {
        var events = new List<StreamEvent>();
        await foreach (var streamEvent in stream)
        {
            events.Add(streamEvent);
        }

        return events;
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
