using Godex.Wire;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>Folds canonical events into an answer, keeping a failure visible.</summary>
public static class Answers
{
    public static async Task<ChatResponse> FoldAsync(IAsyncEnumerable<StreamEvent> events)
    {
        var accumulator = new ResponseAccumulator();
        await foreach (var streamEvent in events)
        {
            accumulator.Add(streamEvent);
        }

        Assert.True(accumulator.Error is null, "the stream failed: " + accumulator.Error?.Message);
        Assert.True(accumulator.Finished, "the stream ended without its terminal event");
        return accumulator.ToResponse();
    }
}
