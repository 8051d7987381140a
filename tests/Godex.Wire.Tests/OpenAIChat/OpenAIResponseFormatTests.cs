using System.Buffers;
using System.Text;
using System.Text.Json;

using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests.OpenAIChat;

/// <summary>The one writer of OpenAI's structured-output format: nested for Chat Completions, flat for Responses.</summary>
public class OpenAIResponseFormatTests
{
    private static readonly ResponseFormat Schema = new(ResponseFormatKind.JsonSchema)
    {
        Name = "answer",
        Description = "Place and weather",
        Schema = JsonDocument.Parse("""{"type":"object"}""").RootElement,
        Strict = true,
    };

    [Fact]
    public void Chat_nests_the_schema_under_json_schema()
    {
        Assert.Equal(
            """{"response_format":{"type":"json_schema","json_schema":{"name":"answer","description":"Place and weather","schema":{"type":"object"},"strict":true}}}""",
            Write(OpenAIResponseFormat.WriteChat, Schema));
    }

    [Fact]
    public void Responses_holds_the_schema_flat()
    {
        Assert.Equal(
            """{"format":{"type":"json_schema","name":"answer","description":"Place and weather","schema":{"type":"object"},"strict":true}}""",
            Write(OpenAIResponseFormat.WriteResponses, Schema));
    }

    [Fact]
    public void Unnamed_schema_is_called_response_and_unset_fields_are_left_out()
    {
        var bare = new ResponseFormat(ResponseFormatKind.JsonSchema);

        Assert.Equal("""{"response_format":{"type":"json_schema","json_schema":{"name":"response"}}}""", Write(OpenAIResponseFormat.WriteChat, bare));
        Assert.Equal("""{"format":{"type":"json_schema","name":"response"}}""", Write(OpenAIResponseFormat.WriteResponses, bare));
    }

    [Theory]
    [InlineData(ResponseFormatKind.JsonObject, "json_object")]
    [InlineData(ResponseFormatKind.Text, "text")]
    public void Other_kinds_are_only_a_type(ResponseFormatKind kind, string type)
    {
        var format = new ResponseFormat(kind) { Name = "ignored", Strict = true };

        Assert.Equal($$$"""{"response_format":{"type":"{{{type}}}"}}""", Write(OpenAIResponseFormat.WriteChat, format));
        Assert.Equal($$$"""{"format":{"type":"{{{type}}}"}}""", Write(OpenAIResponseFormat.WriteResponses, format));
    }

    private static string Write(Action<Utf8JsonWriter, ResponseFormat> write, ResponseFormat format)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            write(json, format);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
