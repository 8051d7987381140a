using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hardening;

/// <summary>
/// Text that is not Unicode (a lone UTF-16 surrogate escape, bytes that are not UTF-8) is the client's
/// mistake: each protocol answers its own 400 naming the problem, never a 500.
/// </summary>
public sealed class MalformedTextEndToEndTests : IAsyncLifetime
{
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          mock: { type: mock }
        """);

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    /// <summary>Each protocol's path and a body whose TEXT marker is a string field a client fills.</summary>
    public static TheoryData<string, string, string> Sites => new()
    {
        { "chat", "/v1/chat/completions", """{"model":"mock","messages":[{"role":"user","content":"TEXT"}]}""" },
        { "chat", "/v1/chat/completions", """{"model":"mock","user":"TEXT","messages":[{"role":"user","content":"hi"}]}""" },
        { "chat", "/v1/chat/completions", """{"model":"mock","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","description":"TEXT","parameters":{"type":"object"}}}]}""" },
        { "chat", "/v1/chat/completions", """{"model":"mock","messages":[{"role":"user","content":"hi"}],"metadata_extra":"TEXT"}""" },
        { "responses", "/v1/responses", """{"model":"mock","input":"TEXT"}""" },
        { "responses", "/v1/responses", """{"model":"mock","instructions":"TEXT","input":"hi"}""" },
        { "responses", "/v1/responses", """{"model":"mock","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"TEXT"}]}]}""" },
        { "anthropic", "/v1/messages", """{"model":"mock","max_tokens":10,"messages":[{"role":"user","content":"TEXT"}]}""" },
        { "anthropic", "/v1/messages", """{"model":"mock","max_tokens":10,"system":"TEXT","messages":[{"role":"user","content":"hi"}]}""" },
        { "anthropic", "/v1/messages", """{"model":"mock","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"TEXT"}]}]}""" },
        { "gemini", "/v1beta/models/mock:generateContent", """{"contents":[{"role":"user","parts":[{"text":"TEXT"}]}]}""" },
        { "gemini", "/v1beta/models/mock:generateContent", """{"systemInstruction":{"parts":[{"text":"TEXT"}]},"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""" },
    };

    [Theory]
    [MemberData(nameof(Sites))]
    public async Task A_lone_surrogate_escape_is_the_protocols_400_naming_it(string protocol, string path, string body)
    {
        var response = await PostAsync(path, Encoding.UTF8.GetBytes(body.Replace("TEXT", "a\\ud800b", StringComparison.Ordinal)));

        var message = await AssertBadRequestAsync(protocol, response);
        Assert.Contains("surrogate", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public async Task Bytes_that_are_not_utf8_are_the_protocols_400_saying_so(string protocol, string path, string body)
    {
        var parts = body.Split("TEXT");
        byte[] bytes = [.. Encoding.UTF8.GetBytes(parts[0] + "a"), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("b" + parts[1])];

        var response = await PostAsync(path, bytes);

        var message = await AssertBadRequestAsync(protocol, response);
        Assert.Contains("invalid UTF-8", message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong JSON type", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"systemInstruction":{"parts":"be brief"},"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""")]
    [InlineData("""{"systemInstruction":{"parts":[{"text":{"nested":true}}]},"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""")]
    [InlineData("""{"systemInstruction":{"parts":[7]},"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""")]
    public async Task A_gemini_system_instruction_of_the_wrong_shape_is_a_400(string body)
    {
        var response = await PostAsync("/v1beta/models/mock:generateContent", Encoding.UTF8.GetBytes(body));

        var message = await AssertBadRequestAsync("gemini", response);
        Assert.Contains("systemInstruction", message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await _godex.Http.PostAsync(path, content);
    }

    private static async Task<string> AssertBadRequestAsync(string protocol, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 400, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!;
        switch (protocol)
        {
            case "anthropic":
                Assert.Equal("error", (string?)json["type"]);
                Assert.Equal("invalid_request_error", (string?)json["error"]!["type"]);
                break;
            case "gemini":
                Assert.Equal(400, (int?)json["error"]!["code"]);
                Assert.Equal("INVALID_ARGUMENT", (string?)json["error"]!["status"]);
                break;
            default:
                Assert.Equal("invalid_request_error", (string?)json["error"]!["type"]);
                break;
        }

        return (string?)json["error"]!["message"] ?? "";
    }
}
