using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

using Godex.Gateway.Providers.CodeAssist;
using Godex.Wire;
using Godex.Wire.Gemini;

namespace Godex.Gateway.Tests.Providers.CodeAssist;

/// <summary>Code Assist's envelope around the Gemini codec, both ways.</summary>
public sealed class CodeAssistEnvelopeTests
{
    [Fact]
    public void A_request_is_wrapped_as_model_project_and_request()
    {
        var output = new ArrayBufferWriter<byte>();

        CodeAssistEnvelope.Wrap(output, "gemini-2.5-pro", "proj-1", """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"""u8);

        var body = JsonNode.Parse(output.WrittenSpan)!;
        Assert.Equal("gemini-2.5-pro", (string?)body["model"]);
        Assert.Equal("proj-1", (string?)body["project"]);
        Assert.Equal("hi", (string?)body["request"]!["contents"]![0]!["parts"]![0]!["text"]);
    }

    [Fact]
    public void The_response_member_is_taken_out_wherever_it_sits()
    {
        var inner = Encoding.UTF8.GetString(CodeAssistEnvelope.Unwrap("""{"traceId":"t","response":{"candidates":[{"content":{"parts":[{"text":"a}"}]}}]},"x":1}"""u8));

        Assert.Equal("""{"candidates":[{"content":{"parts":[{"text":"a}"}]}}]}""", inner);
    }

    [Theory]
    [InlineData("""{"error":{"code":429,"message":"quota"}}""")]
    [InlineData("not json")]
    [InlineData("[]")]
    public void An_answer_without_a_response_member_passes_whole(string body)
    {
        Assert.Equal(body, Encoding.UTF8.GetString(CodeAssistEnvelope.Unwrap(Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public async Task A_wrapped_sse_stream_reads_as_a_gemini_stream_even_with_multi_line_events()
    {
        const string Upstream = "data: {\"response\":{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]},\"traceId\":\"t\"}\r\n\r\n"
            + "data: {\"response\":\n"
            + "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},\"finishReason\":\"STOP\"}]}}\n\n";
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(Upstream));

        var events = new List<StreamEvent>();
        await foreach (var item in GeminiStreamReader.ReadAsync(new CodeAssistSseStream(body, CancellationToken.None)))
        {
            events.Add(item);
        }

        Assert.DoesNotContain(events, item => item is ResponseFailed);
        Assert.Equal("Hello", string.Concat(events.OfType<TextDelta>().Select(delta => delta.Text)));
    }
}
