using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Configuration;

namespace Godex.EndToEnd.Tests;

/// <summary>Client keys: any of several, in any of the header forms clients use; 401 in OpenAI's shape otherwise.</summary>
public sealed class AuthEndToEndTests : IAsyncLifetime
{
    private const string Chat = """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""";
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        keys: [ "first-key", "${SECOND_KEY}", "${UNSET_KEY}" ]
        providers:
          mock: { type: mock }
          remote: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: "${REMOTE_KEY}" }
        """, environment: new Dictionary<string, string> { ["SECOND_KEY"] = "second-key" });

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Fact]
    public async Task Missing_key_is_401_in_openai_shape()
    {
        var response = await _godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Chat));

        Assert.Equal(401, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("authentication_error", (string?)error["type"]);
        Assert.Contains("Authorization: Bearer", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_key_is_401_invalid_api_key()
    {
        var response = await _godex.Http.SendAsync(Sse.Post("/v1/chat/completions", Chat, "first-kez"));

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("invalid_api_key", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
    }

    [Theory]
    [InlineData("bearer", "first-key")]
    [InlineData("bearer", "second-key")]
    [InlineData("x-api-key", "second-key")]
    [InlineData("x-goog-api-key", "first-key")]
    [InlineData("query", "first-key")]
    public async Task Each_configured_key_works_in_each_header_form(string form, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, form == "query" ? $"/v1/chat/completions?key={key}" : "/v1/chat/completions") { Content = Sse.Json(Chat) };
        switch (form)
        {
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                break;
            case "query":
                break;
            default:
                request.Headers.Add(form, key);
                break;
        }

        var response = await _godex.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key_and_lists_the_skipped_provider_with_its_reason()
    {
        var health = JsonNode.Parse(await _godex.Http.GetStringAsync("/health"))!;

        var remote = health["providers"]!.AsArray().Single(provider => (string?)provider!["name"] == "remote")!;
        Assert.Equal("skipped", (string?)remote["status"]);
        Assert.Contains("$REMOTE_KEY", (string?)remote["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_a_skipped_provider_is_503_saying_why()
    {
        var response = await _godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"remote/some-model","messages":[{"role":"user","content":"hi"}]}""", "first-key"));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("$REMOTE_KEY", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_needs_a_key_too()
    {
        Assert.Equal(401, (int)(await _godex.Http.GetAsync("/v1/models")).StatusCode);
    }

    [Fact]
    public async Task Allow_any_key_accepts_requests_without_a_key()
    {
        await using var open = await GodexHost.StartAsync("keys: [ only-key ]\nproviders: { mock: { type: mock } }", new ServeFlags { AllowAnyKey = true });

        Assert.Equal(200, (int)(await open.Http.PostAsync("/v1/chat/completions", Sse.Json(Chat))).StatusCode);
    }
}
