using System.Net.Sockets;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>Bad input gets a clear error in OpenAI's shape with the right status; never a 500 with a stack trace, never a hang.</summary>
public sealed class BadInputEndToEndTests : IAsyncLifetime
{
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          mock: { type: mock }
        limits:
          max_body_bytes: 4KiB
        """);

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Theory]
    [InlineData("""{"model":"mock","messages":[""", 400, "invalid_request_error", "not valid JSON")]
    [InlineData("""{"model":"mock"}""", 400, "invalid_request_error", "'messages' is required")]
    [InlineData("""{"model":"mock","messages":[]}""", 400, "invalid_request_error", "at least one message")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "'model' is required")]
    [InlineData("""{"model":"mock","messages":[{"role":"robot","content":"hi"}]}""", 400, "invalid_request_error", "messages[0].role 'robot'")]
    [InlineData("""{"model":"mock","messages":"hi"}""", 400, "invalid_request_error", "$.messages")]
    [InlineData("""{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", 404, "invalid_request_error", "GET /v1/models")]
    public async Task Bad_requests_get_a_status_and_a_message_naming_the_problem(string body, int status, string type, string messagePart)
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json(body));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(type, (string?)error["type"]);
        Assert.Contains(messagePart, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_uses_openai_model_not_found_code()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"gpt-9","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal("model_not_found", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
    }

    [Fact]
    public async Task Body_over_the_limit_is_refused_with_413()
    {
        var big = new string('x', 8 * 1024);
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json($$"""{"model":"mock","messages":[{"role":"user","content":"{{big}}"}]}"""));

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("limits.max_body_bytes", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_refused_with_413()
    {
        var big = new string('x', 8 * 1024);
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{"model":"mock","messages":[{"role":"user","content":"{{big}}"}]}""")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _godex.Http.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task Unknown_route_is_a_json_404()
    {
        var response = await _godex.Http.GetAsync("/v1/nothing-here");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }

    [Fact]
    public async Task Unreachable_upstream_is_a_502_naming_the_provider()
    {
        int closedPort;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var godex = await GodexHost.StartAsync($$"""
            providers:
              down: { type: openai, base_url: "http://127.0.0.1:{{closedPort}}/v1" }
            """);
        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"anything","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(502, (int)response.StatusCode);
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"];
        Assert.Contains("'down'", message, StringComparison.Ordinal);
        Assert.Contains("unreachable", message, StringComparison.Ordinal);
    }
}
