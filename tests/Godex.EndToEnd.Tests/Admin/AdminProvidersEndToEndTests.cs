using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>
/// `GET /admin/api/providers`, `POST …/{name}/enable|disable` and `POST …/{name}/test` through the real
/// server: state and why, recent latency and error rate, the operator's override taking effect on
/// routing, and a real probe with its timing.
/// </summary>
public sealed class AdminProvidersEndToEndTests : IAsyncLifetime
{
    private AdminApiHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Providers_lists_each_provider_and_member_with_type_models_state_latency_and_error_rate()
    {
        for (var i = 0; i < 3; i++)
        {
            (await _host.ChatAsync("pooled-model")).EnsureSuccessStatusCode();
        }

        _host.Upstream.ReplyJson("""{"error":{"message":"upstream is on fire","type":"server_error"}}""", status: 500, headers: new Dictionary<string, string> { ["retry-after"] = "120" });
        Assert.Equal(500, (int)(await _host.ChatAsync("llama-3.3-70b")).StatusCode);

        var providers = await _host.GetAsync("/admin/api/providers");
        Assert.Equal("list", (string?)providers["object"]);
        Assert.Equal("round-robin", (string?)providers["strategy"]);
        var all = providers["data"]!.AsArray();
        Assert.Equal(["local", "pooled", "mock"], all.Select(provider => (string?)provider!["name"]));

        var pooled = all.Single(provider => (string?)provider!["name"] == "pooled")!;
        Assert.Equal("openai", (string?)pooled["type"]);
        Assert.Equal(["pooled-model"], pooled["models"]!.AsArray().Select(model => (string?)model));
        Assert.Equal("healthy", (string?)pooled["state"]);
        var members = pooled["members"]!.AsArray();
        Assert.Equal(["pooled#1", "pooled#2"], members.Select(member => (string?)member!["id"]));
        Assert.Equal(3, members.Sum(member => (int)member!["latency_ms"]!["samples"]!));
        Assert.All(members, member =>
        {
            Assert.Equal("healthy", (string?)member!["state"]);
            Assert.Null(member["cooldown_until"]);
            Assert.Equal(0.0, (double)member["error_rate"]!);
        });
        var measured = members.First(member => (int)member!["latency_ms"]!["samples"]! > 0)!;
        Assert.True((double)measured["latency_ms"]!["p50"]! > 0);
        Assert.True((double)measured["latency_ms"]!["p95"]! >= (double)measured["latency_ms"]!["p50"]!);
        Assert.NotNull(measured["ttft_ms"]!["p50"]);

        // The failed provider: cooling down, with why, until when, and its error rate.
        var local = all.Single(provider => (string?)provider!["name"] == "local")!;
        Assert.Equal("down", (string?)local["state"]);
        var member = local["members"]![0]!;
        Assert.Equal("cooling_down", (string?)member["state"]);
        Assert.Contains("retry-after", (string?)member["reason"], StringComparison.Ordinal);
        Assert.True(DateTimeOffset.Parse((string)member["cooldown_until"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddSeconds(60));
        Assert.EndsWith("Z", (string)member["cooldown_until"]!, StringComparison.Ordinal);
        Assert.Equal(1.0, (double)member["error_rate"]!);
        Assert.Equal(500, (int)member["last_error"]!["status"]!);
        Assert.Contains("on fire", (string?)member["last_error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_member_is_skipped_by_routing_until_it_is_enabled_again()
    {
        var disabled = await _host.PostAsync("/admin/api/providers/pooled%231/disable");
        Assert.Equal(1, (int)disabled["changed"]!);
        Assert.Equal(["pooled#1"], disabled["members"]!.AsArray().Select(id => (string?)id));
        Assert.Equal("degraded", (string?)disabled["provider"]!["state"]);

        var member = await _host.MemberAsync("pooled#1");
        Assert.Equal("disabled", (string?)member["state"]);
        Assert.Equal("disabled by operator", (string?)member["reason"]);
        Assert.NotNull(member["disabled_at"]);

        for (var i = 0; i < 4; i++)
        {
            (await _host.ChatAsync("pooled-model")).EnsureSuccessStatusCode();
        }

        Assert.Equal(Enumerable.Repeat(AdminApiHost.SecondPoolKey, 4), _host.KeysSeen());

        await _host.PostAsync("/admin/api/providers/pooled%231/enable");
        Assert.Equal("healthy", (string?)(await _host.MemberAsync("pooled#1"))["state"]);
        for (var i = 0; i < 4; i++)
        {
            (await _host.ChatAsync("pooled-model")).EnsureSuccessStatusCode();
        }

        Assert.Equal(2, _host.KeysSeen().Skip(4).Count(key => key == AdminApiHost.FirstPoolKey));
    }

    [Fact]
    public async Task A_disabled_provider_refuses_its_requests_with_503_and_says_how_to_enable_it()
    {
        var disabled = await _host.PostAsync("/admin/api/providers/pooled/disable");
        Assert.Equal(2, (int)disabled["changed"]!);
        Assert.Equal("disabled", (string?)disabled["provider"]!["state"]);
        Assert.Equal("disabled by operator", (string?)disabled["provider"]!["reason"]);
        Assert.Equal(0, (int)(await _host.PostAsync("/admin/api/providers/pooled/disable"))["changed"]!);

        using var refused = await _host.ChatAsync("pooled-model");
        Assert.Equal(503, (int)refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("provider.disabled", (string?)error["code"]);
        Assert.Contains("/enable", (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Received);

        (await _host.ChatAsync("mock")).EnsureSuccessStatusCode(); // the others still serve
        await _host.PostAsync("/admin/api/providers/pooled/enable");
        (await _host.ChatAsync("pooled-model")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Test_probes_the_member_once_through_its_own_adapter_and_returns_timing_and_tokens()
    {
        var result = await _host.PostAsync("/admin/api/providers/local/test");

        Assert.True((bool)result["ok"]!, result.ToJsonString());
        Assert.Equal("local", (string?)result["member"]);
        Assert.Equal("llama-3.3-70b", (string?)result["model"]);
        Assert.Equal(200, (int)result["status"]!);
        Assert.True((double)result["latency_ms"]! > 0);
        Assert.InRange((double)result["ttft_ms"]!, 0, (double)result["latency_ms"]!);
        Assert.Equal("OK", (string?)result["output_text"]);
        Assert.Equal("stop", (string?)result["finish_reason"]);
        Assert.Equal(1, (int)result["usage"]!["output_tokens"]!);
        Assert.Null(result["error"]);

        var sent = _host.Upstream.Single();
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer " + AdminApiHost.UpstreamKey, sent.Headers["authorization"]);
        Assert.True((bool)sent.Body!["stream"]!);
        Assert.InRange((int)(sent.Body["max_tokens"] ?? sent.Body["max_completion_tokens"])!, 1, 8);
    }

    [Fact]
    public async Task A_failing_probe_answers_200_with_the_upstream_error_in_words_and_leaves_health_alone()
    {
        _host.Upstream.ReplyJson($$$"""{"error":{"message":"Incorrect API key provided: {{{AdminApiHost.SecondPoolKey}}}","type":"invalid_request_error","code":"invalid_api_key"}}""", status: 401);
        _host.Upstream.ReplyJson($$$"""{"error":{"message":"Incorrect API key provided: {{{AdminApiHost.SecondPoolKey}}}","type":"invalid_request_error","code":"invalid_api_key"}}""", status: 401);

        using var response = await _host.SendAsync(HttpMethod.Post, "/admin/api/providers/pooled%232/test", """{"model":"other-model","prompt":"say hi"}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        var result = JsonNode.Parse(text)!;
        Assert.False((bool)result["ok"]!);
        Assert.Equal(401, (int)result["status"]!);
        Assert.Equal("other-model", (string?)result["model"]);
        Assert.Contains("Incorrect API key", (string?)result["error"]!["message"], StringComparison.Ordinal);
        Assert.DoesNotContain(AdminApiHost.SecondPoolKey, text, StringComparison.Ordinal);
        Assert.Equal("say hi", (string?)_host.Upstream.Received.First().Body!["messages"]![0]!["content"]);
        Assert.Equal("healthy", (string?)(await _host.MemberAsync("pooled#2"))["state"]);
    }

    [Fact]
    public async Task An_unknown_provider_is_404_naming_the_known_ones_and_a_bad_body_is_400()
    {
        using var missing = await _host.SendAsync(HttpMethod.Post, "/admin/api/providers/nope/disable");
        Assert.Equal(404, (int)missing.StatusCode);
        var error = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("provider.not_found", (string?)error["code"]);
        Assert.Contains("pooled#2", (string?)error["message"], StringComparison.Ordinal);

        using var bad = await _host.SendAsync(HttpMethod.Post, "/admin/api/providers/local/test", """{"model": 42}""");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Empty(_host.Upstream.Received);
    }
}
