using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Godex.Wire.Anthropic;
using Godex.Wire.Gemini;
using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests.Canonical;

/// <summary>The shared reading of upstream error bodies: the protocol's envelope, else the raw text.</summary>
public class UpstreamErrorFallbackTests
{
    private static readonly JsonTypeInfo<JsonElement> Element =
        (JsonTypeInfo<JsonElement>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonElement));

    [Fact]
    public void Envelope_error_is_what_the_protocol_reads()
    {
        var error = UpstreamErrorFallback.Read(400, """{"message":"bad model"}"""u8, "acme", Element,
            envelope => new GodexError(400, "x.y", envelope.GetProperty("message").GetString()!));

        Assert.Equal("bad model", error.Message);
        Assert.Equal("x.y", error.Code);
    }

    [Fact]
    public void Json_without_an_error_falls_back_to_the_text()
    {
        var error = UpstreamErrorFallback.Read(500, """{"ok":true}"""u8, "acme", Element, _ => null);

        Assert.Equal(500, error.Status);
        Assert.Equal("provider.http_error", error.Code);
        Assert.Equal("""Provider 'acme' answered HTTP 500: {"ok":true}""", error.Message);
    }

    [Fact]
    public void Text_that_is_not_json_is_kept_trimmed()
    {
        var error = UpstreamErrorFallback.Read(502, "  <html>Bad Gateway</html>\n"u8, "acme", Element, _ => throw new InvalidOperationException("not called"));

        Assert.Equal(502, error.Status);
        Assert.Equal("Provider 'acme' answered HTTP 502: <html>Bad Gateway</html>", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n ")]
    public void Empty_body_says_so(string body)
    {
        var error = UpstreamErrorFallback.From(503, Encoding.UTF8.GetBytes(body), "acme");

        Assert.Equal("Provider 'acme' answered HTTP 503 with an empty body.", error.Message);
    }

    [Fact]
    public void Long_body_is_cut_to_its_start()
    {
        var body = Encoding.UTF8.GetBytes(new string('a', UpstreamErrorFallback.MaxBodyBytes) + "TAIL");

        var error = UpstreamErrorFallback.From(500, body, "acme");

        Assert.EndsWith(new string('a', UpstreamErrorFallback.MaxBodyBytes), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TAIL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_protocol_falls_back_alike()
    {
        var expected = UpstreamErrorFallback.From(502, "Bad Gateway"u8, "acme");

        Assert.Equal(expected, AnthropicErrors.Read(502, "Bad Gateway"u8, "acme"));
        Assert.Equal(expected, OpenAIChatErrors.Read(502, "Bad Gateway"u8, "acme"));
        Assert.Equal(expected, GeminiErrors.Read(502, "Bad Gateway"u8, "acme"));
    }
}
