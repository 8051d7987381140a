using Godex.Wire.Sse;

using Xunit;

namespace Godex.Wire.Tests;

/// <summary>SseReader framing: line endings, multi-line data, comments and event names.</summary>
public class SseReaderTests
{
    private static async Task<List<SseEvent>> Read(string text)
    {
        using var stream = Fixture.Utf8(text);
        var events = new List<SseEvent>();
        await foreach (var sse in SseReader.ReadAsync(stream))
        {
            events.Add(sse);
        }

        return events;
    }

    [Fact]
    public async Task Crlf_line_endings_frame_events_like_lf()
    {
        var events = await Read("data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\n\r\n");

        Assert.Equal([new SseEvent(null, "{\"a\":1}"), new SseEvent(null, "{\"b\":2}")], events);
    }

    [Fact]
    public async Task Lone_cr_line_endings_frame_events()
    {
        var events = await Read("data: one\r\rdata: two\r\r");

        Assert.Equal([new SseEvent(null, "one"), new SseEvent(null, "two")], events);
    }

    [Fact]
    public async Task Multi_line_data_is_joined_with_newlines()
    {
        var events = await Read("data: first\ndata:second\ndata:  third\n\n");

        // One optional space after the colon is dropped; further spaces stay.
        Assert.Equal([new SseEvent(null, "first\nsecond\n third")], events);
    }

    [Fact]
    public async Task Comments_and_keep_alives_are_skipped()
    {
        var events = await Read(": OPENROUTER PROCESSING\n\n:keep-alive\ndata: x\n: trailing comment\n\n");

        Assert.Equal([new SseEvent(null, "x")], events);
    }

    [Fact]
    public async Task Event_names_attach_to_their_event_only()
    {
        var events = await Read("event: message_start\ndata: {}\n\nid: 7\nretry: 1000\ndata: plain\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n");

        Assert.Equal(
            [new SseEvent("message_start", "{}"), new SseEvent(null, "plain"), new SseEvent("ping", "{\"type\":\"ping\"}")],
            events);
    }

    [Fact]
    public async Task Event_without_data_is_not_dispatched()
    {
        var events = await Read("event: lonely\n\ndata: kept\n\n");

        Assert.Equal([new SseEvent(null, "kept")], events);
    }

    [Fact]
    public async Task Final_event_without_blank_line_is_still_read()
    {
        var events = await Read("data: a\n\ndata: [DONE]");

        Assert.Equal([new SseEvent(null, "a"), new SseEvent(null, "[DONE]")], events);
    }

    [Fact]
    public async Task Multibyte_utf8_data_is_decoded()
    {
        var events = await Read("data: caf\u00e9 \U0001F600 \u2014 \u65e5\u672c\n\n");

        Assert.Equal("caf\u00e9 \U0001F600 \u2014 \u65e5\u672c", Assert.Single(events).Data);
    }
}
