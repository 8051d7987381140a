using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Configuration;

namespace Godex.EndToEnd.Tests.Providers;

/// <summary>
/// `type: codex`: a ChatGPT subscription through the Codex CLI's auth.json, against a scripted ChatGPT
/// backend and a fake OpenAI token server. The backend takes only streams, store: false and instructions,
/// and no max_output_tokens; Godex refreshes the login only when allowed to.
/// </summary>
public sealed class CodexSubscriptionTests : IAsyncLifetime
{
    private const string ExpiredToken = """{"error":{"message":"Provided authentication token is expired. Please try signing in again.","type":"invalid_request_error","code":"token_expired","param":null}}""";

    private SubscriptionGateway _gateway = null!;

    private string AuthPath => Path.Combine(_gateway.Directory, "auth.json");

    public async Task InitializeAsync()
    {
        _gateway = await SubscriptionGateway.CreateAsync();
        await File.WriteAllTextAsync(AuthPath, """
            {
              "OPENAI_API_KEY": null,
              "tokens": {
                "id_token": "header.payload.signature",
                "access_token": "codex-access-1",
                "refresh_token": "codex-refresh-1",
                "account_id": "acct-123"
              },
              "last_refresh": "2026-11-01T08:00:00.000000Z",
              "agent_identity": { "kept": true }
            }
            """);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    /// <summary>A config with the codex provider pointed at the scripted backend and token server, plus <paramref name="settings"/>.</summary>
    private string Yaml(params string[] settings) => $"""
        providers:
          codex:
            type: codex
            base_url: {new Uri(_gateway.Upstream.BaseUrl, "/backend-api/codex")}
            token_url: {_gateway.TokenUrl}

        """ + string.Concat(settings.Select(setting => $"    {setting}\n"));

    [Fact]
    public async Task A_whole_answer_is_streamed_from_the_chatgpt_backend_with_account_id_default_instructions_and_store_false()
    {
        await _gateway.StartAsync(Yaml(), new ServeFlags { AuthPath = [AuthPath] });
        _gateway.Upstream.ReplySse(SubscriptionGateway.ResponsesSse("Hello"));

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.2","input":"Say hi","max_output_tokens":100,"store":true}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Hello", (string?)JsonNode.Parse(body)!["output"]![0]!["content"]![0]!["text"]);
        var received = _gateway.Upstream.Single();
        Assert.Equal("POST", received.Method);
        Assert.Equal("/backend-api/codex/responses", received.Path);
        Assert.Equal("Bearer codex-access-1", received.Headers["authorization"]);
        Assert.Equal("acct-123", received.Headers["chatgpt-account-id"]);
        Assert.Equal("godex", received.Headers["originator"]);
        Assert.Equal("text/event-stream", received.Headers["accept"]);
        Assert.False(received.Headers.ContainsKey("x-api-key"));
        Assert.Equal("gpt-5.2", (string?)received.Body!["model"]);
        Assert.Equal("You are a helpful assistant.", (string?)received.Body["instructions"]);
        Assert.True((bool?)received.Body["stream"]);
        Assert.False((bool?)received.Body["store"]);
        Assert.Null(received.Body["max_output_tokens"]);
        Assert.Equal("Say hi", (string?)received.Body["input"]![0]!["content"]![0]!["text"]);
        Assert.Equal(0, _gateway.Refreshes);
    }

    [Fact]
    public async Task A_session_that_sent_instructions_once_gets_them_again_when_it_omits_them_and_a_codex_client_keeps_its_originator()
    {
        await _gateway.StartAsync(Yaml($"auth_path: {AuthPath}"));
        _gateway.Upstream.ReplySse(SubscriptionGateway.ResponsesSse("One"));
        _gateway.Upstream.ReplySse(SubscriptionGateway.ResponsesSse("Two"));
        var codex = new Dictionary<string, string> { ["originator"] = "codex_exec", ["x-openclaw-session-key"] = "session-7" };

        var first = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.2","instructions":"Answer in one word.","input":"First?","stream":true}""", codex);
        await first.Content.ReadAsStringAsync();
        var second = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.2","input":"Second?","stream":true}""", codex);
        var events = await second.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)second.StatusCode);
        Assert.Contains("response.completed", events, StringComparison.Ordinal);
        var requests = _gateway.Upstream.Received.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal("Answer in one word.", (string?)requests[0].Body!["instructions"]);
        Assert.Equal("Answer in one word.", (string?)requests[1].Body!["instructions"]);
        Assert.All(requests, request => Assert.Equal("codex_exec", request.Headers["originator"]));
    }

    [Fact]
    public async Task Without_allow_refresh_a_refused_token_is_not_refreshed_and_the_client_gets_a_401_saying_how_to_log_in()
    {
        await _gateway.StartAsync(Yaml(), new ServeFlags { AuthPath = [AuthPath] });
        _gateway.AnswerRefreshes();
        _gateway.Upstream.ReplyJson(ExpiredToken, status: 401);

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.2","input":"hi"}""");

        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(401, (int)response.StatusCode);
        var message = (string?)error["message"];
        Assert.Contains("Provider 'codex'", message, StringComparison.Ordinal);
        Assert.Contains(AuthPath, message, StringComparison.Ordinal);
        Assert.Contains("`codex login`", message, StringComparison.Ordinal);
        Assert.Contains("--allow-refresh", message, StringComparison.Ordinal);
        Assert.Contains("Provided authentication token is expired", message, StringComparison.Ordinal);
        Assert.Equal(0, _gateway.Refreshes);
        Assert.Single(_gateway.Upstream.Received);
        Assert.Equal("codex-access-1", (string?)JsonNode.Parse(await File.ReadAllTextAsync(AuthPath))!["tokens"]!["access_token"]);
    }

    [Fact]
    public async Task With_allow_refresh_a_401_refreshes_once_retries_and_rewrites_auth_json_keeping_its_other_fields()
    {
        await _gateway.StartAsync(Yaml(), new ServeFlags { AuthPath = [AuthPath], AllowRefresh = true });
        _gateway.AnswerRefreshes();
        _gateway.Upstream.ReplyJson(ExpiredToken, status: 401);
        _gateway.Upstream.ReplySse(SubscriptionGateway.ResponsesSse("Renewed"));

        var response = await _gateway.PostAsync("/v1/responses", """{"model":"gpt-5.2","input":"hi"}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("Renewed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refresh = Assert.Single(_gateway.TokenServer.Received);
        Assert.Equal("/oauth/token", refresh.Path);
        Assert.StartsWith("application/json", refresh.Headers["content-type"], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"grant_type":"refresh_token","refresh_token":"codex-refresh-1","client_id":"app_EMoamEEZ73f0CkXaXp7hrann","scope":"openid profile email"}"""), refresh.Body), refresh.Body?.ToJsonString());
        var attempts = _gateway.Upstream.Received.ToList();
        Assert.Equal(["Bearer codex-access-1", "Bearer new-access-1"], attempts.Select(request => request.Headers["authorization"]));
        Assert.All(attempts, request => Assert.Equal("acct-123", request.Headers["chatgpt-account-id"]));

        var saved = JsonNode.Parse(await File.ReadAllTextAsync(AuthPath))!;
        Assert.Equal("new-access-1", (string?)saved["tokens"]!["access_token"]);
        Assert.Equal("new-refresh-1", (string?)saved["tokens"]!["refresh_token"]);
        Assert.Equal("header.payload.signature", (string?)saved["tokens"]!["id_token"]);
        Assert.Equal("acct-123", (string?)saved["tokens"]!["account_id"]);
        Assert.NotEqual("2026-11-01T08:00:00.000000Z", (string?)saved["last_refresh"]);
        Assert.True((bool?)saved["agent_identity"]!["kept"]);
        Assert.True(saved.AsObject().ContainsKey("OPENAI_API_KEY"));
        SubscriptionGateway.AssertOwnerOnly(AuthPath);
        Assert.Equal(["auth.json"], Directory.GetFiles(_gateway.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_refused_refresh_token_is_a_401_naming_the_provider_and_codex_login()
    {
        await _gateway.StartAsync(Yaml($"auth_path: {AuthPath}", "allow_refresh: true"));
        _gateway.Upstream.ReplyJson(ExpiredToken, status: 401);
        _gateway.TokenServer.ReplyJson("""{"error":{"message":"Your refresh token has expired. Please log out and sign in again.","type":"invalid_request_error","code":"refresh_token_expired"}}""", status: 401);

        var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"codex/gpt-5.2","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(401, (int)response.StatusCode);
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"];
        Assert.Contains("Provider 'codex'", message, StringComparison.Ordinal);
        Assert.Contains("`codex login`", message, StringComparison.Ordinal);
        Assert.Contains("refresh_token_expired", message, StringComparison.Ordinal);
        var health = await _gateway.HealthOfAsync("codex");
        Assert.Equal("unavailable", (string?)health["status"]);
        Assert.Contains("`codex login`", (string?)health["reason"], StringComparison.Ordinal);
    }
}
