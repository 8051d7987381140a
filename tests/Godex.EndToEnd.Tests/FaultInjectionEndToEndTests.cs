using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Anthropic;
using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>
/// `providers.X.fault` on the built-in mock, through the real server: each injected failure reaches
/// each client in its own protocol's shape, exactly as the matching upstream failure would.
/// </summary>
public sealed class FaultInjectionEndToEndTests : IAsyncLifetime
{
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          busy: { type: mock, fault: { status: 529 } }
          cut: { type: mock, fault: { reset_after_events: 3 } }
          in200: { type: mock, fault: { status: 503, error_in_200: true } }
        """);

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Fact]
    public async Task A_529_fault_reaches_a_chat_client_as_a_529_in_openai_shape()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"busy/mock","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("server_error", (string?)error["type"]);
        Assert.Equal("provider.fault_injected", (string?)error["code"]);
        Assert.Contains("providers.busy.fault", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_529_fault_reaches_an_anthropic_client_as_overloaded_in_anthropic_shape()
    {
        using var request = Sse.Post("/v1/messages", """{"model":"busy/mock","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""");
        request.Headers.Add("anthropic-version", "2023-06-01");

        var response = await _godex.Http.SendAsync(request);

        Assert.Equal(529, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)body["type"]);
        Assert.Equal("overloaded_error", (string?)body["error"]!["type"]);
        Assert.Contains("providers.busy.fault", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_after_three_events_ends_a_chat_stream_with_an_error_chunk_and_no_done()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"cut/mock","stream":true,"messages":[{"role":"user","content":"hello there"}]}"""));

        Assert.Equal(200, (int)response.StatusCode);
        var lines = Sse.DataLines(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("[DONE]", lines);
        var chunks = lines.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Contains(chunks[..^1], chunk => chunk["choices"]?[0]?["delta"]?["content"] is JsonValue);
        Assert.DoesNotContain(chunks, chunk => chunk["choices"]?[0]?["finish_reason"] is JsonValue);
        var error = chunks[^1]["error"]!;
        Assert.Equal("provider.stream_broken", (string?)error["code"]);
        Assert.Contains("providers.cut.fault", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_in_a_200_ends_a_responses_stream_with_error_and_response_failed()
    {
        var response = await _godex.Http.PostAsync("/v1/responses", Sse.Json("""{"model":"in200/mock","stream":true,"input":"hi"}"""));

        Assert.Equal(200, (int)response.StatusCode);
        var events = AnthropicGateway.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal(["response.created", "response.in_progress", "error", "response.failed"], events.Select(e => e.Event));
        var failed = events[^1].Data["response"]!;
        Assert.Equal("failed", (string?)failed["status"]);
        Assert.Equal("server_error", (string?)failed["error"]!["code"]);
        Assert.Contains("providers.in200.fault", (string?)failed["error"]!["message"], StringComparison.Ordinal);
    }
}
