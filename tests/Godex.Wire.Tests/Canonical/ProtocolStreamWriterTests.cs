using System.Buffers;

using Godex.Wire.Anthropic;
using Godex.Wire.Gemini;
using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Canonical;

/// <summary>The stream writers' shared base: nothing after the end, usage reports merged.</summary>
public class ProtocolStreamWriterTests
{
    public static TheoryData<string> Protocols => ["anthropic", "openai-chat", "gemini", "responses"];

    [Fact]
    public void Events_after_the_end_are_not_passed_on()
    {
        using var writer = new RecordingWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.Write(output, new TextDelta(0, "a"));
        writer.Write(output, new ResponseFinished(FinishReason.Stop));
        writer.Write(output, new TextDelta(0, "late"));
        writer.Write(output, new ResponseFinished(FinishReason.Stop));

        Assert.True(writer.Completed);
        Assert.Equal([new TextDelta(0, "a"), new ResponseFinished(FinishReason.Stop)], writer.Seen);
    }

    [Fact]
    public void Usage_reports_are_merged_later_figures_winning()
    {
        using var writer = new RecordingWriter();
        var output = new ArrayBufferWriter<byte>();
        Assert.Null(writer.Usage);

        writer.Write(output, new UsageReported(new Usage { InputTokens = 10, CachedInputTokens = 4 }));
        writer.Write(output, new UsageReported(new Usage { OutputTokens = 7, CachedInputTokens = 5 }));

        Assert.Equal(new Usage { InputTokens = 10, OutputTokens = 7, CachedInputTokens = 5 }, writer.Usage);
        Assert.Equal(2, writer.Seen.Count(e => e is UsageReported)); // still passed on, for writers that react to any event
    }

    [Fact]
    public void Usage_after_the_end_is_not_merged()
    {
        using var writer = new RecordingWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.Write(output, new UsageReported(new Usage { InputTokens = 10 }));
        writer.Write(output, new ResponseFailed(new GodexError(502, "x.y", "gone")));
        writer.Write(output, new UsageReported(new Usage { InputTokens = 99 }));

        Assert.Equal(10, writer.Usage!.InputTokens);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Every_protocol_writes_nothing_after_the_end(string protocol)
    {
        using var writer = Create(protocol);
        var output = new ArrayBufferWriter<byte>();
        writer.Write(output, new ResponseStarted("r1", "m", DateTimeOffset.UnixEpoch));
        writer.Write(output, new PartStarted(0, PartKind.Text));
        writer.Write(output, new TextDelta(0, "hi"));
        writer.Write(output, new PartDone(0));
        writer.Write(output, new ResponseFinished(FinishReason.Stop));
        Assert.True(writer.Completed);
        var written = output.WrittenCount;

        writer.Write(output, new TextDelta(0, "late"));
        writer.Write(output, new ResponseFailed(new GodexError(502, "x.y", "late")));

        Assert.Equal(written, output.WrittenCount);
    }

    private static ProtocolStreamWriter Create(string protocol) => protocol switch
    {
        "anthropic" => new AnthropicStreamWriter(),
        "openai-chat" => new OpenAIChatStreamWriter(includeUsage: true),
        "gemini" => new GeminiStreamWriter(sse: true),
        _ => new ResponsesStreamWriter(new ResponsesReply(new ChatRequest { Model = "m" })),
    };

    /// <summary>Records what reaches the subclass; ends on a finish or failure as the real writers do.</summary>
    private sealed class RecordingWriter : ProtocolStreamWriter
    {
        public List<StreamEvent> Seen { get; } = [];

        public Usage? Usage => ReportedUsage;

        public override void Dispose()
        {
        }

        protected override void WriteEvent(IBufferWriter<byte> output, StreamEvent streamEvent)
        {
            Seen.Add(streamEvent);
            Completed = streamEvent is ResponseFinished or ResponseFailed;
        }
    }
}
