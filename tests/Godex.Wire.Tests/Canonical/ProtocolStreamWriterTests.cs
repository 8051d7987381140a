using System.Buffers;
using System.Text;

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

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Usage_reported_early_and_as_running_totals_writes_the_same_finished_stream_as_one_final_report(string protocol)
    {
        var input = new Usage { InputTokens = 30, CachedInputTokens = 5 };
        var final = input with { OutputTokens = 9 };
        StreamEvent[] early =
        [
            new ResponseStarted("r1", "m", DateTimeOffset.UnixEpoch), new UsageReported(input),
            new PartStarted(0, PartKind.Text), new TextDelta(0, "hel"), new UsageReported(input with { OutputTokens = 2 }),
            new TextDelta(0, "lo"), new PartDone(0), new UsageReported(final), new ResponseFinished(FinishReason.Stop),
        ];
        StreamEvent[] once = [.. early.Where(static e => e is not UsageReported).SkipLast(1), new UsageReported(final), new ResponseFinished(FinishReason.Stop)];

        Assert.Equal(Written(protocol, once), Written(protocol, early));
        Assert.Contains("9", Written(protocol, once), StringComparison.Ordinal); // the protocol does write the usage
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Usage_reported_before_a_failure_leaves_the_clients_error_unchanged(string protocol)
    {
        StreamEvent[] reported =
        [
            new ResponseStarted("r1", "m", DateTimeOffset.UnixEpoch), new UsageReported(new Usage { InputTokens = 30 }),
            new PartStarted(0, PartKind.Text), new TextDelta(0, "hel"), new ResponseFailed(new GodexError(502, "provider.stream_truncated", "cut")),
        ];

        Assert.Equal(Written(protocol, [.. reported.Where(static e => e is not UsageReported)]), Written(protocol, reported));
    }

    private static string Written(string protocol, IEnumerable<StreamEvent> events)
    {
        using var writer = Create(protocol);
        var output = new ArrayBufferWriter<byte>();
        foreach (var streamEvent in events)
        {
            writer.Write(output, streamEvent);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
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
