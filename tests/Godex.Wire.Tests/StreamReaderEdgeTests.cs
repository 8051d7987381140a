using System.Text;

using Xunit;

namespace Godex.Wire.Tests;

/// <summary>OpenAIChatStreamReader on hand-written streams: truncation, in-stream errors, odd tool-call pieces.</summary>
public class StreamReaderEdgeTests
{
    private static Task<List<StreamEvent>> Read(params string[] dataLines)
    {
        var sse = new StringBuilder();
        foreach (var line in dataLines)
        {
            sse.Append("data: ").Append(line).Append("\n\n");
        }

        return Fixture.ReadStreamAsync(Encoding.UTF8.GetBytes(sse.ToString()));
    }

    private static string Chunk(string delta, string finishReason = "null") =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finishReason}}}]}""";

    [Fact]
    public async Task Stream_ending_without_finish_reason_or_done_fails_as_truncated()
    {
        var events = await Read(Chunk("""{"role":"assistant","content":""}"""), Chunk("""{"content":"Hel"}"""));

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal("provider.stream_truncated", failed.Error.Code);
        Assert.Equal(502, failed.Error.Status);
        Assert.DoesNotContain(events, static e => e is ResponseFinished);
        Assert.Contains(events, static e => e is TextDelta { Text: "Hel" });
    }

    [Fact]
    public async Task Empty_stream_fails_as_truncated()
    {
        var events = await Fixture.ReadStreamAsync([]);

        var failed = Assert.IsType<ResponseFailed>(Assert.Single(events));
        Assert.Equal("provider.stream_truncated", failed.Error.Code);
    }

    [Fact]
    public async Task Stream_with_finish_reason_but_no_done_still_finishes()
    {
        var events = await Read(Chunk("""{"content":"Hi"}"""), Chunk("{}", "\"stop\""));

        Fixture.AssertWellFormed(events, expectUsage: false);
        Assert.Equal([new TextPart("Hi")], Fixture.Fold(events).Parts);
    }

    [Fact]
    public async Task Error_chunk_yields_ResponseFailed_carrying_the_upstream_message()
    {
        var events = await Read(
            Chunk("""{"role":"assistant","content":"Par"}"""),
            """{"error":{"message":"Rate limit reached for gpt-4.1 on tokens per min.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}""",
            Chunk("""{"content":"never read"}"""),
            "[DONE]");

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal("Rate limit reached for gpt-4.1 on tokens per min.", failed.Error.Message);
        Assert.Equal("rate_limit_error", failed.Error.UpstreamType);
        Assert.Equal("rate_limit_exceeded", failed.Error.UpstreamCode);
        Assert.Single(events, static e => e is ResponseFailed);
        Assert.DoesNotContain(events, static e => e is ResponseFinished or TextDelta { Text: "never read" });
    }

    [Fact]
    public async Task Error_chunk_before_any_content_yields_only_ResponseFailed()
    {
        var events = await Read("""{"error":{"message":"The server had an error while processing your request.","type":"server_error","code":500}}""");

        var failed = Assert.IsType<ResponseFailed>(Assert.Single(events));
        Assert.Equal("The server had an error while processing your request.", failed.Error.Message);
        Assert.Equal("500", failed.Error.UpstreamCode);
    }

    [Fact]
    public async Task Chunk_that_is_not_json_yields_ResponseFailed()
    {
        var events = await Read(Chunk("""{"content":"a"}"""), "{not json", "[DONE]");

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal("provider.invalid_stream", failed.Error.Code);
    }

    [Fact]
    public async Task Minimax_style_null_id_type_and_name_on_continuation_pieces_append_to_the_right_call()
    {
        var events = await Read(
            Chunk("""{"role":"assistant","content":null}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{\"tz\":"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":null,"type":null,"function":{"name":null,"arguments":"{\"city\":"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"id":null,"type":null,"function":{"name":null,"arguments":"\"Europe/Paris\"}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":null,"type":null,"function":{"name":null,"arguments":"\"Paris\"}"}}]}"""),
            Chunk("{}", "\"tool_calls\""),
            "[DONE]");

        Fixture.AssertWellFormed(events, expectUsage: false);
        var response = Fixture.Fold(events);
        Assert.Equal(2, response.Parts.Count);
        var weather = Assert.IsType<ToolCallPart>(response.Parts[0]);
        Assert.Equal(("call_a", "get_weather"), (weather.Id, weather.Name));
        Fixture.JsonEqual("""{"city":"Paris"}""", weather.ArgumentsJson);
        var time = Assert.IsType<ToolCallPart>(response.Parts[1]);
        Assert.Equal(("call_b", "get_time"), (time.Id, time.Name));
        Fixture.JsonEqual("""{"tz":"Europe/Paris"}""", time.ArgumentsJson);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Tool_call_finished_with_stop_is_reported_as_tool_calls()
    {
        var events = await Read(
            Chunk("""{"tool_calls":[{"index":0,"id":"call_x","type":"function","function":{"name":"ping","arguments":"{}"}}]}"""),
            Chunk("{}", "\"stop\""),
            "[DONE]");

        Assert.Equal(FinishReason.ToolCalls, Fixture.Fold(events).FinishReason);
    }
}
