using System.Buffers;
using System.Text;
using System.Text.Json;

using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests;

/// <summary>OpenAIChatRequestReader: a realistic client request, extension fields, and the 400s for bad input.</summary>
public class RequestReaderTests
{
    private const string RealisticRequest = """
        {
          "model": "gpt-4.1",
          "messages": [
            {"role": "system", "content": "You are a terse assistant."},
            {"role": "user", "name": "ada", "content": [
              {"type": "text", "text": "Where is this, and what is the weather there?"},
              {"type": "image_url", "image_url": {"url": "https://example.com/bridge.jpg", "detail": "high"}},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
            ]},
            {"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_abc", "type": "function", "function": {"name": "weather", "arguments": "{\"location\":\"San Francisco\"}"}}
            ]},
            {"role": "tool", "tool_call_id": "call_abc", "content": "18C and foggy"}
          ],
          "tools": [
            {"type": "function", "function": {"name": "weather", "description": "Current weather for a place",
              "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
              "strict": true}}
          ],
          "tool_choice": {"type": "function", "function": {"name": "weather"}},
          "parallel_tool_calls": false,
          "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "description": "Place and weather",
            "schema": {"type": "object", "properties": {"place": {"type": "string"}}}, "strict": true}},
          "temperature": 0.2,
          "top_p": 0.9,
          "max_completion_tokens": 512,
          "stop": ["END"],
          "seed": 42,
          "user": "user-42",
          "stream": true,
          "stream_options": {"include_usage": true},
          "logit_bias": {"50256": -100}
        }
        """;

    private static ChatRequest Read(string json) => OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Realistic_request_maps_every_field_to_the_canonical_model()
    {
        var request = Read(RealisticRequest);

        Assert.Equal("gpt-4.1", request.Model);
        Assert.Equal(4, request.Messages.Count);

        var system = request.Messages[0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.Equal([new TextPart("You are a terse assistant.")], system.Parts);

        var user = request.Messages[1];
        Assert.Equal(ChatRole.User, user.Role);
        Assert.Equal("ada", user.Name);
        Assert.Equal(3, user.Parts.Count);
        Assert.Equal(new TextPart("Where is this, and what is the weather there?"), user.Parts[0]);
        var linked = Assert.IsType<ImagePart>(user.Parts[1]);
        Assert.Equal(("https://example.com/bridge.jpg", "high"), (linked.Url, linked.Detail));
        Assert.Null(linked.Data);
        var inline = Assert.IsType<ImagePart>(user.Parts[2]);
        Assert.Null(inline.Url);
        Assert.Equal("image/png", inline.MediaType);
        Assert.Equal(Convert.FromBase64String("iVBORw0KGgo="), inline.Data);

        var assistant = request.Messages[2];
        Assert.Equal(ChatRole.Assistant, assistant.Role);
        Assert.Equal([new ToolCallPart("call_abc", "weather", """{"location":"San Francisco"}""")], assistant.Parts);

        var tool = request.Messages[3];
        Assert.Equal(ChatRole.Tool, tool.Role);
        var result = Assert.IsType<ToolResultPart>(Assert.Single(tool.Parts));
        Assert.Equal("call_abc", result.CallId);
        Assert.Equal("18C and foggy", result.TextContent());

        var weather = Assert.Single(request.Tools);
        Assert.Equal("weather", weather.Name);
        Assert.Equal("Current weather for a place", weather.Description);
        Assert.True(weather.Strict);
        Fixture.JsonEqual("""{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""", weather.Parameters!.Value.GetRawText());
        Assert.Equal(new ToolChoice(ToolChoiceMode.Function, "weather"), request.ToolChoice);
        Assert.False(request.ParallelToolCalls);

        var format = request.ResponseFormat!;
        Assert.Equal(ResponseFormatKind.JsonSchema, format.Kind);
        Assert.Equal(("answer", "Place and weather", true), (format.Name, format.Description, format.Strict));
        Fixture.JsonEqual("""{"type":"object","properties":{"place":{"type":"string"}}}""", format.Schema!.Value.GetRawText());

        Assert.Equal(0.2, request.Temperature);
        Assert.Equal(0.9, request.TopP);
        Assert.Equal(512, request.MaxOutputTokens);
        Assert.Equal(["END"], request.Stop);
        Assert.Equal(42, request.Seed);
        Assert.Equal("user-42", request.User);
        Assert.True(request.Stream);
        Assert.True(request.StreamIncludeUsage);
    }

    [Fact]
    public void Unknown_field_is_kept_in_the_extension_bag_and_written_back()
    {
        var request = Read(RealisticRequest);

        Assert.Equal(OpenAIChatProtocol.Name, request.Extensions!.Protocol);
        Assert.Equal(["logit_bias"], request.Extensions.Fields.Keys);

        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatRequestWriter.Write(buffer, request, OpenAIChatWriterOptions.Default);
        using var written = JsonDocument.Parse(buffer.WrittenMemory);
        Fixture.JsonEqual("""{"50256":-100}""", written.RootElement.GetProperty("logit_bias").GetRawText());

        // And the whole request survives a second read.
        var again = OpenAIChatRequestReader.Read(buffer.WrittenSpan);
        Assert.Equal(request.Messages.Count, again.Messages.Count);
        Assert.Equal(request.Messages[2].Parts, again.Messages[2].Parts);
        Assert.Equal(request.Messages[3].Parts.OfType<ToolResultPart>().Single().CallId, again.Messages[3].Parts.OfType<ToolResultPart>().Single().CallId);
        Assert.Equal(request.ToolChoice, again.ToolChoice);
        Assert.Equal(request.MaxOutputTokens, again.MaxOutputTokens);
    }

    [Fact]
    public async Task ReadAsync_reads_a_body_stream_like_Read()
    {
        using var body = Fixture.Utf8(RealisticRequest);

        var request = await OpenAIChatRequestReader.ReadAsync(body, CancellationToken.None);

        Assert.Equal(4, request.Messages.Count);
        Assert.Equal(new ToolChoice(ToolChoiceMode.Function, "weather"), request.ToolChoice);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}""", "Request body is not valid JSON")]
    [InlineData("""{"model":"m"}""", "'messages' is required")]
    [InlineData("""{"model":"m","messages":[]}""", "'messages' must contain at least one message")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"robot","content":"beep"}]}""", "messages[1].role 'robot' is not one of")]
    [InlineData("""{"model":"m","messages":[{"content":"hi"}]}""", "messages[0].role is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"tool","content":"18C"}]}""", "messages[1].tool_call_id is required")]
    [InlineData("""{"model":"m","n":2,"messages":[{"role":"user","content":"hi"}]}""", "'n' greater than 1 is not supported")]
    [InlineData("""{"model":"m","tool_choice":"sometimes","messages":[{"role":"user","content":"hi"}]}""", "tool_choice 'sometimes' is not one of auto, none, required")]
    [InlineData("""{"model":"m","tool_choice":{"type":"function","function":"weather"},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice must be")]
    [InlineData("""{"model":"m","messages":[null]}""", "messages[0]")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":7}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":42}]}""", "messages[0].content must be a string or an array")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{}}]}""", "tools[0].function.name is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[null]}""", "tools[0].function.name is required")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[null]}]}""", "messages[0].tool_calls[0].function.name is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"yaml"}}""", "response_format.type 'yaml'")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":[1]}""", "stop must be a string or an array of strings")]
    [InlineData("""null""", "Request body must be a JSON object")]
    public void Bad_request_fails_with_400_naming_the_field(string json, string expectedMessage)
    {
        var exception = Assert.Throws<GodexException>(() => Read(json));

        Assert.Equal(400, exception.Error.Status);
        Assert.Contains(expectedMessage, exception.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_of_the_wrong_json_type_fails_with_400_and_its_path()
    {
        var exception = Assert.Throws<GodexException>(() => Read("""{"model":"m","temperature":"hot","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(400, exception.Error.Status);
        Assert.Equal("bridge.invalid_json", exception.Error.Code);
        Assert.Contains("temperature", exception.Error.Message, StringComparison.Ordinal);
        Assert.Equal("temperature", exception.Error.Param);
    }
}
