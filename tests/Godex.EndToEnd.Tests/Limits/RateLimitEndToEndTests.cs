using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Limits;

/// <summary>Requests per minute through the real server: exact under concurrency, refused in each client's protocol with retry-after and x-ratelimit-* headers.</summary>
public sealed class RateLimitEndToEndTests
{
    private const string Chat = """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task A_100_rpm_key_lets_exactly_100_of_1000_concurrent_requests_through()
    {
        var clock = new ManualTime();
        await using var godex = await GodexHost.StartAsync("""
            keys: [ { key: limited-key, rpm: 100 } ]
            providers: { mock: { type: mock } }
            """, time: clock);
        godex.WithKey("limited-key");

        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Chat))));

        Assert.Equal(100, responses.Count(response => (int)response.StatusCode == 200));
        Assert.Equal(900, responses.Count(response => (int)response.StatusCode == 429));
        var refused = responses.First(response => (int)response.StatusCode == 429);
        Assert.Equal(TimeSpan.FromSeconds(65), refused.Headers.RetryAfter?.Delta); // the minute (and its segment) the burst fell in
        Assert.Equal("key.rpm", Header(refused, "x-godex-limit"));
        Assert.Equal("100", Header(refused, "x-ratelimit-limit-requests"));
        Assert.Equal("0", Header(refused, "x-ratelimit-remaining-requests"));
        Assert.Equal("1m5s", Header(refused, "x-ratelimit-reset-requests"));
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("rate_limit_error", (string?)error["type"]);
        Assert.Contains("100 requests per minute", (string?)error["message"], StringComparison.Ordinal);
        var served = responses.Where(response => (int)response.StatusCode == 200).Select(response => int.Parse(Header(response, "x-ratelimit-remaining-requests")!, System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal(Enumerable.Range(0, 100), served); // every success says how many are left, each figure once

        clock.Advance(TimeSpan.FromSeconds(64));
        Assert.Equal(429, (int)(await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Chat))).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Chat))).StatusCode);
    }

    [Theory]
    [InlineData("chat", "/v1/chat/completions", Chat)]
    [InlineData("responses", "/v1/responses", """{"model":"mock","input":"hi"}""")]
    [InlineData("anthropic", "/v1/messages", """{"model":"mock","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("gemini", "/v1beta/models/mock:generateContent", """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""")]
    public async Task A_refusal_is_a_429_in_the_clients_protocol_with_retry_after(string protocol, string path, string body)
    {
        await using var godex = await GodexHost.StartAsync("""
            keys: [ { key: one-a-minute, rpm: 1 } ]
            providers: { mock: { type: mock } }
            """, time: new ManualTime());
        godex.WithKey("one-a-minute");

        Assert.Equal(200, (int)(await godex.Http.PostAsync(path, Sse.Json(body))).StatusCode);
        var refused = await godex.Http.PostAsync(path, Sse.Json(body));

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("key.rpm", Header(refused, "x-godex-limit"));
        var json = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        switch (protocol)
        {
            case "anthropic":
                Assert.Equal("error", (string?)json["type"]);
                Assert.Equal("rate_limit_error", (string?)json["error"]!["type"]);
                break;
            case "gemini":
                Assert.Equal(429, (int?)json["error"]!["code"]);
                Assert.Equal("RESOURCE_EXHAUSTED", (string?)json["error"]!["status"]);
                break;
            default:
                Assert.Equal("rate_limit_error", (string?)json["error"]!["type"]);
                break;
        }

        Assert.Contains("key.rpm", json.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_counts_are_not_charged()
    {
        await using var godex = await GodexHost.StartAsync("""
            keys: [ { key: one-a-minute, rpm: 1 } ]
            providers: { mock: { type: mock } }
            """, time: new ManualTime());
        godex.WithKey("one-a-minute");

        for (var i = 0; i < 3; i++)
        {
            var count = await godex.Http.PostAsync("/v1/messages/count_tokens", Sse.Json("""{"model":"mock","messages":[{"role":"user","content":"hi"}]}"""));
            Assert.Equal(200, (int)count.StatusCode);
            Assert.Null(Header(count, "x-ratelimit-limit-requests"));
        }

        Assert.Equal(200, (int)(await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Chat))).StatusCode);
    }

    [Fact]
    public async Task Per_key_defaults_apply_to_keys_without_their_own_limits()
    {
        await using var godex = await GodexHost.StartAsync("""
            keys: [ plain-key, { key: own-key, rpm: 4 }, { key: scoped-key, models: ["mock*"] } ]
            limits: { per_key: { rpm: 2 } }
            providers: { mock: { type: mock } }
            """, time: new ManualTime());

        Assert.Equal(new[] { 200, 200, 429 }, await SendAsync(godex, "plain-key", 3));
        Assert.Equal(new[] { 200, 200, 200, 200, 429 }, await SendAsync(godex, "own-key", 5));
        Assert.Equal(new[] { 200, 200, 429 }, await SendAsync(godex, "scoped-key", 3)); // its models say nothing of rates: the default applies
    }

    [Fact]
    public async Task A_model_limit_counts_every_key_together()
    {
        await using var godex = await GodexHost.StartAsync("""
            keys: [ first-key, second-key ]
            limits: { models: { "mock*": { rpm: 3 } } }
            providers: { mock: { type: mock } }
            """, time: new ManualTime());

        Assert.Equal(new[] { 200, 200 }, await SendAsync(godex, "first-key", 2));
        Assert.Equal(new[] { 200, 429 }, await SendAsync(godex, "second-key", 2));
        var refused = await godex.Http.SendAsync(Sse.Post("/v1/chat/completions", Chat, "first-key"));
        Assert.Equal("model.rpm", Header(refused, "x-godex-limit"));
        Assert.Contains("This model is limited to 3 requests per minute", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_limits_an_answer_carries_no_rate_limit_headers()
    {
        await using var godex = await GodexHost.StartAsync("""
            keys: [ free-key ]
            providers: { mock: { type: mock } }
            """);

        var response = await godex.Http.SendAsync(Sse.Post("/v1/chat/completions", Chat, "free-key"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("x-ratelimit-", StringComparison.Ordinal));
    }

    private static async Task<int[]> SendAsync(GodexHost godex, string key, int count)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            statuses[i] = (int)(await godex.Http.SendAsync(Sse.Post("/v1/chat/completions", Chat, key))).StatusCode;
        }

        return statuses;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
