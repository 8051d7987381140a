using System.Net;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.CodeAssist;

/// <summary>
/// An `antigravity` provider: its hosts are tried in order, a failing one (5xx, 429, unreachable) hands
/// the request to the next, and client model names are mapped to Antigravity's own.
/// </summary>
public sealed class AntigravityEndToEndTests : IAsyncLifetime
{
    private CodeAssistLogin _login = null!;
    private FakeCodeAssist _failing = null!;

    public async Task InitializeAsync()
    {
        _login = await CodeAssistLogin.StartAsync();
        _login.WriteLogin("ya29.current", TimeSpan.FromHours(1));
        _failing = await FakeCodeAssist.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _login.DisposeAsync();
        await _failing.DisposeAsync();
    }

    private Task<GodexHost> StartAsync(params string[] hosts) => StartAsync(hosts, "");

    private Task<GodexHost> StartAsync(string[] hosts, string headers) =>
        GodexHost.StartAsync($$"""
            providers:
              ag:
                type: antigravity
                hosts: [ {{string.Join(", ", hosts.Select(host => $"\"{host}\""))}} ]
                auth_path: "{{_login.FilePath}}"
                token_url: "{{_login.Tokens.Url}}"
            {{headers}}
            routing:
              default: ag
            """);

    [Fact]
    public async Task A_configured_user_agent_replaces_the_presets_in_discovery_and_requests()
    {
        await using var godex = await StartAsync([_login.Upstream.Host], "    headers: { User-Agent: \"antigravity/hub/9.9.9 linux/amd64\" }");

        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"gemini-3-flash-preview","messages":[{"role":"user","content":"Say hello"}]}"""));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.All(_login.Upstream.Calls, call => Assert.Equal("antigravity/hub/9.9.9 linux/amd64", call.Headers["user-agent"]));
        Assert.Equal(4, _login.Upstream.Calls.Count); // loadCodeAssist, onboardUser, the poll, generateContent
    }

    [Theory]
    [InlineData(503, false)]
    [InlineData(429, true)]
    public async Task A_failing_host_hands_the_request_to_the_next_and_the_model_name_is_mapped(int status, bool stream)
    {
        _failing.FailWith = status;
        await using var godex = await StartAsync(_failing.Host, _login.Upstream.Host);

        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json($$"""{"model":"gemini-3-pro-preview","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Say hello"}]}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Contains("Hello", text, StringComparison.Ordinal);

        // Discovery went to the failing host first too, then on to the next.
        Assert.Equal(1, _failing.Count("/v1internal:loadCodeAssist"));
        Assert.Single(_failing.Generations);
        var call = Assert.Single(_login.Upstream.Generations);
        Assert.Equal(stream ? "/v1internal:streamGenerateContent?alt=sse" : "/v1internal:generateContent", call.PathAndQuery);
        Assert.Equal("gemini-3-pro-high", (string?)call.Body!["model"]);
        Assert.Equal("antigravity", (string?)call.Body!["userAgent"]);
        Assert.Null(call.Body!["requestType"]);
        Assert.StartsWith("agent-", (string?)call.Body!["requestId"], StringComparison.Ordinal);
        Assert.NotEqual((string?)call.Body!["requestId"], (string?)_failing.Generations.Single().Body!["requestId"]);
        Assert.Equal(FakeCodeAssist.Project, (string?)call.Body!["project"]);
        Assert.Equal("antigravity/hub/2.13.0 darwin/arm64", call.Headers["user-agent"]);
        Assert.Equal("google-cloud-sdk vscode_cloudshelleditor/0.1", call.Headers["x-goog-api-client"]);
        Assert.Equal("GEMINI", (string?)JsonNode.Parse(call.Headers["client-metadata"])!["pluginType"]);
    }

    [Fact]
    public async Task An_unreachable_host_is_skipped()
    {
        var closed = "http://127.0.0.1:" + FreePort();
        await using var godex = await StartAsync(closed, _login.Upstream.Host);

        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"gemini-claude-sonnet-4-5","messages":[{"role":"user","content":"Say hello"}]}"""));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("claude-sonnet-4-5", (string?)Assert.Single(_login.Upstream.Generations).Body!["model"]);
    }

    [Fact]
    public async Task The_last_hosts_error_goes_back_to_the_client()
    {
        _failing.FailWith = 503;
        await using var godex = await StartAsync(_failing.Host);

        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"gemini-3-flash-preview","messages":[{"role":"user","content":"Say hello"}]}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("host is failing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spent_quota_parks_the_login_until_its_reset_and_is_not_retried_on_the_other_hosts()
    {
        _login.Upstream.QuotaResetsAfter = TimeSpan.FromHours(2);
        await using var godex = await StartAsync(_login.Upstream.Host, _failing.Host);

        var before = DateTimeOffset.UtcNow;
        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"gemini-3-flash-preview","messages":[{"role":"user","content":"Say hello"}]}"""));
        var member = JsonNode.Parse(await godex.Http.GetStringAsync("/health"))!["pools"]!.AsArray().Single(pool => (string?)pool!["name"] == "ag")!["members"]![0]!;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("7200", response.Headers.GetValues("retry-after").Single());
        Assert.Empty(_failing.Calls); // the quota is the login's: another host would refuse it too
        Assert.Equal("parked_for_quota", (string?)member["state"]);
        var until = DateTimeOffset.Parse((string)member["until"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(until, before.AddHours(2), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
