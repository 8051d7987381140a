using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Keys;

/// <summary>What a stored key may reach: its models (403 in each protocol's shape), its own upstream key, never the admin endpoints.</summary>
public sealed class KeyScopeTests : IAsyncLifetime
{
    private ScriptedUpstream _upstream = null!;
    private KeyStoreHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        _harness = await KeyStoreHarness.StartAsync(providers: $"mock: {{ type: mock }}, up: {{ type: openai, base_url: \"{_upstream.ChatBaseUrl}\", api_key: \"server-own-key\", models: [\"gpt-4o\"] }}");
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_key_outside_its_models_gets_403_in_each_protocols_shape()
    {
        var (_, secret) = await _harness.AddKeyAsync("--label", "gpt-only", "--models", "gpt-*");
        var http = _harness.Godex.Http;

        var chat = await http.SendAsync(Sse.Post("/v1/chat/completions", KeyStoreHarness.Chat, secret));
        var chatError = await ErrorAsync(chat, 403);
        Assert.Equal("permission_error", (string?)chatError["error"]!["type"]);
        Assert.Equal("auth.model_not_allowed", (string?)chatError["error"]!["code"]);

        var responses = await http.SendAsync(Sse.Post("/v1/responses", """{"model":"mock","input":"hi"}""", secret));
        Assert.Equal("auth.model_not_allowed", (string?)(await ErrorAsync(responses, 403))["error"]!["code"]);

        using var messages = Sse.Post("/v1/messages", """{"model":"mock","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""");
        messages.Headers.Add("x-api-key", secret);
        var anthropic = await ErrorAsync(await http.SendAsync(messages), 403);
        Assert.Equal("error", (string?)anthropic["type"]);
        Assert.Equal("permission_error", (string?)anthropic["error"]!["type"]);

        using var gemini = Sse.Post("/v1beta/models/mock:generateContent", """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""");
        gemini.Headers.Add("x-goog-api-key", secret);
        var geminiError = await ErrorAsync(await http.SendAsync(gemini), 403);
        Assert.Equal(403, (int)geminiError["error"]!["code"]!);
        Assert.Equal("PERMISSION_DENIED", (string?)geminiError["error"]!["status"]);

        // A model the globs allow goes through.
        _upstream.ReplyJson(OkChat);
        Assert.Equal(200, (int)(await http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", secret))).StatusCode);
    }

    [Fact]
    public async Task A_keys_own_upstream_key_reaches_the_upstream_as_its_authorization()
    {
        var (_, secret) = await _harness.AddKeyAsync("--label", "byok", "--byok", "up=sk-callers-own-777");
        _upstream.ReplyJson(OkChat);

        var response = await _harness.ChatAsync(secret, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Bearer sk-callers-own-777", _upstream.Single().Headers["authorization"]);

        // Without BYOK the provider's own key is used.
        _upstream.Received.Clear();
        _upstream.ReplyJson(OkChat);
        await _harness.ChatAsync(KeyStoreHarness.StaticKey, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal("Bearer server-own-key", _upstream.Single().Headers["authorization"]);
    }

    [Theory]
    [InlineData("/v1/usage")]
    [InlineData("/admin/api/keys")]
    public async Task Admin_endpoints_refuse_client_keys_and_take_the_admin_key(string path)
    {
        var (_, secret) = await _harness.AddKeyAsync("--label", "client");

        var stored = await _harness.GetAsync(path, secret);
        Assert.Equal("auth.admin_required", (string?)(await ErrorAsync(stored, 403))["error"]!["code"]);
        Assert.Equal(403, (int)(await _harness.GetAsync(path, KeyStoreHarness.StaticKey)).StatusCode);
        Assert.Equal(401, (int)(await _harness.GetAsync(path, "not-a-key")).StatusCode);
        Assert.Equal(200, (int)(await _harness.GetAsync(path, KeyStoreHarness.AdminKey)).StatusCode);

        // The admin key is no client key.
        Assert.Equal(401, await _harness.StatusAsync(KeyStoreHarness.AdminKey));
    }

    [Fact]
    public async Task Admin_api_shows_a_secret_only_when_it_is_created()
    {
        using var create = Sse.Post("/admin/api/keys", """{"label":"api","models":["gpt-*"],"budget_usd":5,"budget_window":"month","metadata":{"team":"x"}}""", KeyStoreHarness.AdminKey);
        var created = await _harness.Godex.Http.SendAsync(create);
        Assert.Equal(201, (int)created.StatusCode);
        var key = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = (string)key["id"]!;
        Assert.StartsWith("gxk_", (string?)key["secret"], StringComparison.Ordinal);
        Assert.Equal("month", (string?)key["budget_window"]);

        var shown = JsonNode.Parse(await (await _harness.GetAsync("/admin/api/keys/" + id, KeyStoreHarness.AdminKey)).Content.ReadAsStringAsync())!;
        Assert.Null(shown["secret"]);
        Assert.Equal("x", (string?)shown["metadata"]!["team"]);

        using var bad = Sse.Post("/admin/api/keys", """{"label":"w","budget_usd":1,"budget_window":"2w"}""", KeyStoreHarness.AdminKey);
        Assert.Equal(400, (int)(await _harness.Godex.Http.SendAsync(bad)).StatusCode);
        Assert.Equal(404, (int)(await _harness.GetAsync("/admin/api/keys/gxk_nope00", KeyStoreHarness.AdminKey)).StatusCode);
    }

    [Fact]
    public async Task Usage_reset_marks_when_the_keys_windows_count_from()
    {
        var (id, secret) = await _harness.AddKeyAsync("--label", "metered", "--tokens", "1000", "--window", "1d");
        var ok = await _harness.ChatAsync(secret);
        await Traces.WaitForAsync(_harness.Godex, Traces.RequestId(ok));

        Assert.Contains(id, await _harness.CliAsync("usage", "list"), StringComparison.Ordinal);
        Assert.Contains("mock", await _harness.CliAsync("proxy", "usage", "show", id), StringComparison.Ordinal);
        await _harness.CliAsync("usage", "reset", id);
        Assert.NotNull(JsonNode.Parse(await _harness.CliAsync("proxy", "keys", "show", id))!["usage_reset_at"]);
    }

    [Fact]
    public async Task Stored_responses_belong_to_their_key_and_survive_its_rotation()
    {
        var (id, owner) = await _harness.AddKeyAsync("--label", "owner");
        var (_, other) = await _harness.AddKeyAsync("--label", "other");
        var created = await _harness.Godex.Http.SendAsync(Sse.Post("/v1/responses", """{"model":"mock","input":"remember me","store":true}""", owner));
        var responseId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        await Eventually.TrueAsync(async () => (await _harness.GetAsync("/v1/responses/" + responseId, owner)).IsSuccessStatusCode, "the response is stored");
        Assert.Equal(404, (int)(await _harness.GetAsync("/v1/responses/" + responseId, other)).StatusCode);
        Assert.Equal(404, (int)(await _harness.GetAsync("/v1/responses/" + responseId, KeyStoreHarness.StaticKey)).StatusCode);

        var rotated = (string)JsonNode.Parse(await _harness.CliAsync("keys", "rotate", id, "--grace", "0", "--json"))!["secret"]!;
        await Eventually.TrueAsync(async () => (await _harness.GetAsync("/v1/responses/" + responseId, rotated)).IsSuccessStatusCode, "the rotated secret reads it", TimeSpan.FromSeconds(15));
    }

    private const string OkChat = """{"id":"c1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    private static async Task<JsonNode> ErrorAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }
}
