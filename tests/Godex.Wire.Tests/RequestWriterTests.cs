using System.Buffers;
using System.Text.Json;

using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests;

/// <summary>OpenAIChatRequestWriter: what an upstream receives for a canonical request.</summary>
public class RequestWriterTests
{
    private static readonly ChatMessage Hello = ChatMessage.Text(ChatRole.User, "Hello");

    private static JsonElement Write(ChatRequest request, OpenAIChatWriterOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatRequestWriter.Write(buffer, request, options ?? OpenAIChatWriterOptions.Default);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static List<JsonElement> Messages(JsonElement body) => [.. body.GetProperty("messages").EnumerateArray()];

    [Fact]
    public void Developer_role_is_written_as_system_unless_the_upstream_supports_developer()
    {
        var request = new ChatRequest { Model = "m", Messages = [ChatMessage.Text(ChatRole.Developer, "Be brief."), Hello] };

        var plain = Messages(Write(request))[0];
        Assert.Equal("system", plain.GetProperty("role").GetString());
        Assert.Equal("Be brief.", plain.GetProperty("content").GetString());

        var modern = Messages(Write(request, new OpenAIChatWriterOptions { SupportsDeveloperRole = true }))[0];
        Assert.Equal("developer", modern.GetProperty("role").GetString());
    }

    [Fact]
    public void Instructions_become_a_leading_system_message()
    {
        var body = Write(new ChatRequest { Model = "m", Instructions = "Answer in French.", Messages = [Hello] });

        var messages = Messages(body);
        Assert.Equal(2, messages.Count);
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("Answer in French.", messages[0].GetProperty("content").GetString());
        Assert.Equal("Hello", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public void Max_output_tokens_is_written_under_the_configured_field()
    {
        var request = new ChatRequest { Model = "m", Messages = [Hello], MaxOutputTokens = 256 };

        var byDefault = Write(request);
        Assert.Equal(256, byDefault.GetProperty("max_tokens").GetInt32());
        Assert.False(byDefault.TryGetProperty("max_completion_tokens", out _));

        var reasoningModel = Write(request, new OpenAIChatWriterOptions { MaxTokensField = "max_completion_tokens" });
        Assert.Equal(256, reasoningModel.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(reasoningModel.TryGetProperty("max_tokens", out _));
    }

    [Fact]
    public void Streaming_request_asks_for_usage_in_stream_options()
    {
        var streaming = Write(new ChatRequest { Model = "m", Messages = [Hello], Stream = true });
        Assert.True(streaming.GetProperty("stream").GetBoolean());
        Assert.True(streaming.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());

        var clientAsked = Write(
            new ChatRequest { Model = "m", Messages = [Hello], Stream = true, StreamIncludeUsage = true },
            new OpenAIChatWriterOptions { RequestStreamUsage = false });
        Assert.True(clientAsked.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());

        var notAsked = Write(new ChatRequest { Model = "m", Messages = [Hello], Stream = true }, new OpenAIChatWriterOptions { RequestStreamUsage = false });
        Assert.False(notAsked.TryGetProperty("stream_options", out _));

        var notStreaming = Write(new ChatRequest { Model = "m", Messages = [Hello], StreamIncludeUsage = true });
        Assert.False(notStreaming.GetProperty("stream").GetBoolean());
        Assert.False(notStreaming.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void Assistant_tool_call_with_empty_arguments_is_written_as_empty_object()
    {
        var assistant = new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "list_files", "")]);

        var message = Messages(Write(new ChatRequest { Model = "m", Messages = [Hello, assistant] }))[1];

        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("list_files", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("{}", call.GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public void Reasoning_is_replayed_only_in_the_configured_field()
    {
        var assistant = new ChatMessage(ChatRole.Assistant, [new ReasoningPart { Text = "Think." }, new TextPart("Done.")]);
        var request = new ChatRequest { Model = "m", Messages = [Hello, assistant] };

        var plain = Messages(Write(request))[1];
        Assert.Equal(["role", "content"], plain.EnumerateObject().Select(static p => p.Name));

        var deepseek = Messages(Write(request, new OpenAIChatWriterOptions { ReasoningReplayField = "reasoning_content" }))[1];
        Assert.Equal("Think.", deepseek.GetProperty("reasoning_content").GetString());
        Assert.Equal("Done.", deepseek.GetProperty("content").GetString());
    }

    [Fact]
    public void Message_with_two_tool_results_becomes_two_tool_messages()
    {
        var calls = new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "a", "{}"), new ToolCallPart("call_2", "b", "{}")]);
        var results = new ChatMessage(ChatRole.User,
        [
            new ToolResultPart("call_1", [new TextPart("first")]),
            new ToolResultPart("call_2", [new TextPart("sec"), new TextPart("ond")]),
        ]);

        var messages = Messages(Write(new ChatRequest { Model = "m", Messages = [Hello, calls, results] }));

        Assert.Equal(4, messages.Count);
        Assert.Equal(2, messages[1].GetProperty("tool_calls").GetArrayLength());
        Fixture.JsonEqual("""{"role":"tool","tool_call_id":"call_1","content":"first"}""", messages[2].GetRawText());
        Fixture.JsonEqual("""{"role":"tool","tool_call_id":"call_2","content":"second"}""", messages[3].GetRawText());
    }

    [Fact]
    public void Text_beside_tool_results_follows_as_a_user_message()
    {
        var results = new ChatMessage(ChatRole.User, [new ToolResultPart("call_1", [new TextPart("42")]), new TextPart("Now summarise.")]);

        var messages = Messages(Write(new ChatRequest { Model = "m", Messages = [results] }));

        Assert.Equal(2, messages.Count);
        Assert.Equal("tool", messages[0].GetProperty("role").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Contains("Now summarise.", messages[1].GetProperty("content").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_result_holding_an_image_fails_naming_the_call_id()
    {
        var results = new ChatMessage(ChatRole.Tool,
            [new ToolResultPart("call_img_7", [new TextPart("see"), new ImagePart { Url = "https://example.com/chart.png" }])]);

        var exception = Assert.Throws<GodexException>(() => Write(new ChatRequest { Model = "m", Messages = [Hello, results] }));

        Assert.Equal(400, exception.Error.Status);
        Assert.Contains("'call_img_7'", exception.Error.Message, StringComparison.Ordinal);
        Assert.Contains("image", exception.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_image_bytes_are_written_as_a_data_url()
    {
        var user = new ChatMessage(ChatRole.User,
            [new TextPart("What is this?"), new ImagePart { Data = [1, 2, 3], MediaType = "image/png", Detail = "low" }]);

        var content = Messages(Write(new ChatRequest { Model = "m", Messages = [user] }))[0].GetProperty("content");

        Fixture.JsonEqual(
            """[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AQID","detail":"low"}}]""",
            content.GetRawText());
    }
}
