using System.Text.Json;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Providers;

/// <summary>
/// `type: claude-code`: a Claude subscription through Claude Code's .credentials.json, against a
/// scripted Messages API and a fake Anthropic token server. Godex refreshes before expiry and after a
/// 401, once however many requests need it, and writes the file back atomically, owner-only.
/// </summary>
public sealed class ClaudeCodeSubscriptionTests : IAsyncLifetime
{
    private const string Message = """{"model":"claude-sonnet-4-5","max_tokens":256,"system":"Be brief.","messages":[{"role":"user","content":"Hello"}]}""";

    private SubscriptionGateway _gateway = null!;

    private string CredentialsPath => Path.Combine(_gateway.Directory, ".credentials.json");

    public async Task InitializeAsync()
    {
        _gateway = await SubscriptionGateway.CreateAsync();
        _gateway.Upstream.Responder = (_, http) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(ScriptedUpstream.Fixture("anthropic/text.json"));
        };
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task StartAsync(TimeSpan expiresIn)
    {
        var expiresAt = DateTimeOffset.UtcNow.Add(expiresIn).ToUnixTimeMilliseconds();
        await File.WriteAllTextAsync(CredentialsPath, $$"""
            {
              "claudeAiOauth": {
                "accessToken": "sk-ant-oat01-old",
                "refreshToken": "sk-ant-ort01-old",
                "expiresAt": {{expiresAt}},
                "scopes": ["user:inference", "user:profile"],
                "subscriptionType": "max"
              },
              "mcpOAuth": { "server": { "kept": true } }
            }
            """);
        await _gateway.StartAsync($"""
            providers:
              claude:
                type: claude-code
                base_url: {_gateway.Upstream.BaseUrl}
                auth_path: {CredentialsPath}
                token_url: {_gateway.TokenUrl}
            """);
    }

    private Task<HttpResponseMessage> SendAsync(string? beta = null) =>
        _gateway.PostAsync("/v1/messages", Message, beta is null ? null : new Dictionary<string, string> { ["anthropic-beta"] = beta });

    [Fact]
    public async Task The_oauth_token_goes_as_a_bearer_with_the_oauth_beta_merged_into_the_clients_betas_and_the_body_as_sent()
    {
        await StartAsync(TimeSpan.FromHours(6));

        var response = await SendAsync(beta: "interleaved-thinking-2025-05-14");

        Assert.Equal(200, (int)response.StatusCode);
        var received = _gateway.Upstream.Single();
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal("Bearer sk-ant-oat01-old", received.Headers["authorization"]);
        Assert.False(received.Headers.ContainsKey("x-api-key"));
        Assert.Equal("oauth-2025-04-20,interleaved-thinking-2025-05-14", received.Headers["anthropic-beta"]);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.Equal("Be brief.", received.Body!["system"]!.GetValueKind() == JsonValueKind.String ? (string?)received.Body["system"] : (string?)received.Body["system"]![0]!["text"]);
        Assert.DoesNotContain("Claude Code", received.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, _gateway.Refreshes);
        Assert.Equal("registered", (string?)(await _gateway.HealthOfAsync("claude"))["status"]);
    }

    [Fact]
    public async Task A_token_about_to_expire_is_refreshed_before_the_request_and_the_file_is_replaced_whole_and_owner_only()
    {
        await StartAsync(TimeSpan.FromMinutes(2));
        _gateway.AnswerRefreshes();
        await using var before = File.OpenRead(CredentialsPath); // a reader of the old file keeps seeing it whole

        var response = await SendAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var refresh = Assert.Single(_gateway.TokenServer.Received);
        Assert.Equal("POST", refresh.Method);
        Assert.Equal("/oauth/token", refresh.Path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"grant_type":"refresh_token","refresh_token":"sk-ant-ort01-old","client_id":"9d1c250a-e61b-44d9-88ed-5944d1962f5e"}"""), refresh.Body), refresh.Body?.ToJsonString());
        Assert.Equal("Bearer new-access-1", _gateway.Upstream.Single().Headers["authorization"]);

        var saved = JsonNode.Parse(await File.ReadAllTextAsync(CredentialsPath))!;
        var oauth = saved["claudeAiOauth"]!;
        Assert.Equal("new-access-1", (string?)oauth["accessToken"]);
        Assert.Equal("new-refresh-1", (string?)oauth["refreshToken"]);
        Assert.InRange((long)oauth["expiresAt"]!, DateTimeOffset.UtcNow.AddHours(8).AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddHours(8).ToUnixTimeMilliseconds());
        Assert.Equal("max", (string?)oauth["subscriptionType"]);
        Assert.Equal(2, oauth["scopes"]!.AsArray().Count);
        Assert.True((bool?)saved["mcpOAuth"]!["server"]!["kept"]);
        SubscriptionGateway.AssertOwnerOnly(CredentialsPath);
        Assert.Equal([".credentials.json"], Directory.GetFiles(_gateway.Directory).Select(Path.GetFileName));
        Assert.Contains("sk-ant-oat01-old", await new StreamReader(before).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_refreshes_the_token_and_the_request_is_sent_again_and_succeeds()
    {
        await StartAsync(TimeSpan.FromHours(6));
        _gateway.AnswerRefreshes();
        _gateway.Upstream.ReplyJson("""{"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired."}}""", status: 401);

        var response = await SendAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
            (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["content"]![0]!["text"]);
        Assert.Equal(1, _gateway.Refreshes);
        Assert.Equal(["Bearer sk-ant-oat01-old", "Bearer new-access-1"], _gateway.Upstream.Received.Select(request => request.Headers["authorization"]));
        Assert.Equal("new-access-1", (string?)JsonNode.Parse(await File.ReadAllTextAsync(CredentialsPath))!["claudeAiOauth"]!["accessToken"]);
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_an_expired_token_make_exactly_one_refresh_while_readers_only_ever_see_a_whole_file()
    {
        await StartAsync(TimeSpan.FromMinutes(-10));
        _gateway.AnswerRefreshes(delay: TimeSpan.FromMilliseconds(300));
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var text = await File.ReadAllTextAsync(CredentialsPath, CancellationToken.None);
                Assert.NotNull(JsonNode.Parse(text)!["claudeAiOauth"]!["accessToken"]); // never a torn or empty file
                reads++;
            }

            return reads;
        });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync()));
        await stop.CancelAsync();

        Assert.All(responses, response => Assert.Equal(200, (int)response.StatusCode));
        Assert.Equal(1, _gateway.Refreshes);
        Assert.Equal(20, _gateway.Upstream.Received.Count);
        Assert.All(_gateway.Upstream.Received, request => Assert.Equal("Bearer new-access-1", request.Headers["authorization"]));
        Assert.True(await reader > 0);
    }

    [Fact]
    public async Task A_refused_refresh_token_is_a_401_naming_the_provider_and_claude_login_and_the_provider_shows_unavailable()
    {
        await StartAsync(TimeSpan.FromMinutes(-1));
        _gateway.TokenServer.ReplyJson("""{"error":"invalid_grant","error_description":"Refresh token not found or invalid"}""", status: 400);

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.Equal(401, (int)first.StatusCode);
        var error = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("authentication_error", (string?)error["type"]);
        var message = (string?)error["message"];
        Assert.Contains("Provider 'claude'", message, StringComparison.Ordinal);
        Assert.Contains("`claude /login`", message, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", message, StringComparison.Ordinal);
        Assert.Equal(401, (int)second.StatusCode);
        Assert.Equal(1, _gateway.Refreshes);
        Assert.Empty(_gateway.Upstream.Received);
        var health = await _gateway.HealthOfAsync("claude");
        Assert.Equal("unavailable", (string?)health["status"]);
        Assert.Contains("`claude /login`", (string?)health["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_never_reach_the_logs_through_refreshes_retries_and_failures()
    {
        await StartAsync(TimeSpan.FromMinutes(1));
        _gateway.AnswerRefreshes();
        _gateway.Upstream.ReplyJson("""{"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired."}}""", status: 401);

        Assert.Equal(200, (int)(await SendAsync()).StatusCode); // refresh ahead of expiry, then a 401, a second refresh and a retry
        _gateway.TokenServer.ReplyJson("""{"error":"invalid_grant"}""", status: 400);
        _gateway.Upstream.ReplyJson("""{"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired."}}""", status: 401);
        Assert.Equal(401, (int)(await SendAsync()).StatusCode);

        Assert.Equal(3, _gateway.Refreshes);
        var logs = _gateway.Logs.Text;
        Assert.Contains("refreshed its login", logs, StringComparison.Ordinal);
        Assert.Contains("POST /v1/messages 401", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { "sk-ant-oat01-old", "sk-ant-ort01-old", "new-access-1", "new-refresh-1", "new-access-2", "new-refresh-2" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }
}
