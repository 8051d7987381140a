using System.Text;
using System.Text.Json;

using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests;

/// <summary>Loads the recorded wire transcripts copied beside the tests and folds streams read from them.</summary>
internal static class Fixture
{
    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "openai-chat", name));

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static Task<List<StreamEvent>> ReadStreamAsync(string name) => ReadStreamAsync(Bytes(name));

    public static async Task<List<StreamEvent>> ReadStreamAsync(byte[] sse)
    {
        using var body = new MemoryStream(sse);
        var events = new List<StreamEvent>();
        await foreach (var streamEvent in OpenAIChatStreamReader.ReadAsync(body))
        {
            events.Add(streamEvent);
        }

        return events;
    }

    public static ChatResponse Fold(IEnumerable<StreamEvent> events)
    {
        var accumulator = new ResponseAccumulator();
        foreach (var streamEvent in events)
        {
            accumulator.Add(streamEvent);
        }

        Assert.Null(accumulator.Error);
        Assert.True(accumulator.Finished);
        return accumulator.ToResponse();
    }

    /// <summary>Asserts two JSON texts hold the same value (whitespace and property order aside).</summary>
    public static void JsonEqual(string expected, string actual)
    {
        using var left = JsonDocument.Parse(expected);
        using var right = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(left.RootElement, right.RootElement), $"Expected {expected} but got {actual}");
    }

    /// <summary>
    /// Checks the canonical stream contract: Started first; every delta inside its part (and of the part's
    /// kind); every part closed; usage reported (running totals, anywhere after Started) only when
    /// expected; exactly one terminal Finished.
    /// </summary>
    public static void AssertWellFormed(IReadOnlyList<StreamEvent> events, bool expectUsage)
    {
        Assert.IsType<ResponseStarted>(events[0]);
        Assert.IsType<ResponseFinished>(events[^1]);
        Assert.Single(events, static e => e is ResponseFinished);
        Assert.DoesNotContain(events, static e => e is ResponseFailed);
        Assert.Single(events, static e => e is ResponseStarted);
        Assert.Equal(expectUsage, events.Any(static e => e is UsageReported));

        var open = new Dictionary<int, PartKind>();
        var seen = new HashSet<int>();
        foreach (var streamEvent in events)
        {
            switch (streamEvent)
            {
                case PartStarted started:
                    Assert.True(seen.Add(started.Index), $"part {started.Index} started twice");
                    open[started.Index] = started.Kind;
                    break;
                case TextDelta delta:
                    Assert.Equal(PartKind.Text, open[delta.Index]);
                    break;
                case ReasoningDelta delta:
                    Assert.Equal(PartKind.Reasoning, open[delta.Index]);
                    break;
                case ToolArgumentsDelta delta:
                    Assert.Equal(PartKind.ToolCall, open[delta.Index]);
                    break;
                case PartDone done:
                    Assert.True(open.Remove(done.Index), $"part {done.Index} closed while not open");
                    break;
                case ResponseFinished:
                    Assert.Empty(open);
                    break;
            }
        }
    }
}
