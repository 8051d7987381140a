using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Hardening;

/// <summary>
/// Nothing an upstream sends can take the gateway down or surface as a 500: a body cut short, a body
/// that is not the gzip it claims, an inflated body or one SSE event over its limit are each a 502
/// provider error in the client's protocol, without a stack trace.
/// </summary>
public sealed class UpstreamBodyLimitsEndToEndTests : IAsyncLifetime
{
    private const string Answer = """{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}]}""";

    private ScriptedUpstream _upstream = null!;
    private GodexHost _godex = null!;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        _godex = await GodexHost.StartAsync($$"""
            providers:
              up: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", max_response_bytes: 1MiB, max_event_bytes: 64KiB }
            """);
    }

    public async Task DisposeAsync()
    {
        await _godex.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task An_upstream_closing_mid_body_is_a_502_provider_error()
    {
        _upstream.Reply(async http =>
        {
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = 4096;
            await http.Response.WriteAsync(Answer[..40]);
            await http.Response.Body.FlushAsync();
            await Task.Delay(100);
            http.Abort();
        });

        var error = await AssertProviderErrorAsync();
        Assert.Contains("'up'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_the_gzip_it_claims_is_a_502()
    {
        _upstream.Reply(async http =>
        {
            http.Response.ContentType = "application/json";
            http.Response.Headers.ContentEncoding = "gzip";
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("this is not gzip at all, just text"));
        });

        var error = await AssertProviderErrorAsync();
        Assert.Contains("could not be decoded", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_bomb_is_cut_at_max_response_bytes_with_a_502()
    {
        var bomb = Gzip(Encoding.UTF8.GetBytes(Answer[..^2] + ",\"pad\":\"" + new string('0', 8 * 1024 * 1024) + "\"}"));
        _upstream.Reply(async http =>
        {
            http.Response.ContentType = "application/json";
            http.Response.Headers.ContentEncoding = "gzip";
            await http.Response.Body.WriteAsync(bomb);
        });

        var error = await AssertProviderErrorAsync();
        Assert.Contains("max_response_bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_gzip_bomb_is_cut_at_max_response_bytes()
    {
        var chunk = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"}}]}""" + "\n\n";
        var bomb = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(chunk, 2 * 1024 * 1024 / chunk.Length))));
        _upstream.Reply(async http =>
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.ContentEncoding = "gzip";
            await http.Response.Body.WriteAsync(bomb);
        });

        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        var body = await response.Content.ReadAsStringAsync();

        // The first events reached the client, so the limit arrives as the stream's error event.
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("max_response_bytes", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_sse_event_over_max_event_bytes_ends_the_stream_with_a_provider_error()
    {
        var huge = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" """ + new string('y', 200 * 1024) + "\"}}]}\n\n";
        _upstream.ReplySse(huge);

        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        var body = await response.Content.ReadAsStringAsync();

        // A stream's failure is its own error event (the stream contract), in OpenAI's error shape.
        var error = JsonNode.Parse(Sse.DataLines(body).Single())!["error"]!;
        Assert.Equal("server_error", (string?)error["type"]);
        Assert.Equal("provider.answer_too_large", (string?)error["code"]);
        Assert.Contains("max_event_bytes", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_within_the_limits_pass()
    {
        _upstream.Reply(async http =>
        {
            http.Response.ContentType = "application/json";
            http.Response.Headers.ContentEncoding = "gzip";
            await http.Response.Body.WriteAsync(Gzip(Encoding.UTF8.GetBytes(Answer)));
        });

        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("hello", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]);
    }

    private async Task<string> AssertProviderErrorAsync()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == 502, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal("server_error", (string?)error["type"]);
        return (string?)error["message"] ?? "";
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
