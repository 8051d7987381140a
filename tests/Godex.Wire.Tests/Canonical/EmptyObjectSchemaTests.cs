using System.Buffers;
using System.Text;
using System.Text.Json;

using Xunit;

namespace Godex.Wire.Tests.Canonical;

/// <summary>The no-arguments schema that Anthropic, Responses and Gemini upstreams get for a tool declared without one.</summary>
public class EmptyObjectSchemaTests
{
    [Fact]
    public void Is_an_object_with_no_properties()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            EmptyObjectSchema.Write(json);
        }

        Assert.Equal("""{"type":"object","properties":{}}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
