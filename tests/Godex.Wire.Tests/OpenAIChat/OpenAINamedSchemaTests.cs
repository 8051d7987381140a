using System.Buffers;
using System.Text;
using System.Text.Json;

using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests.OpenAIChat;

/// <summary>The fields OpenAI's named schemas share (function tools, json_schema formats).</summary>
public class OpenAINamedSchemaTests
{
    [Fact]
    public void All_fields_in_order_with_the_schema_under_the_given_name()
    {
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;

        Assert.Equal(
            """{"name":"weather","description":"Current weather","parameters":{"type":"object"},"strict":false}""",
            Write(json => OpenAINamedSchema.WriteFields(json, "weather", "Current weather", "parameters", schema, strict: false)));
    }

    [Fact]
    public void Unset_fields_are_left_out()
    {
        Assert.Equal("""{"name":"weather"}""", Write(json => OpenAINamedSchema.WriteFields(json, "weather", null, "parameters", null, null)));
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
