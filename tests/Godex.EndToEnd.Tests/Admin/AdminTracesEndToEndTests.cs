using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Testing;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>
/// `GET /admin/api/traces` (each filter, paging), `GET /admin/api/traces/{id}` and
/// `POST /admin/api/traces/{id}/replay` through the real server, on SQLite and on PostgreSQL.
/// </summary>
public sealed class AdminTracesEndToEndTests
{
    [Fact]
    public async Task Traces_search_by_key_model_provider_status_time_and_error_text_and_page_by_cursor_on_sqlite()
    {
        await using var host = await AdminApiHost.StartAsync();
        await SearchAsync(host);
    }

    [Fact]
    public async Task Traces_search_by_key_model_provider_status_time_and_error_text_and_page_by_cursor_on_postgres()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var host = await AdminApiHost.StartAsync(storage: $$"""{ postgres: "{{database.ConnectionString}}" }""");
        await SearchAsync(host);
    }

    [Fact]
    public async Task A_trace_shows_its_attempts_degradations_and_the_redacted_request()
    {
        await using var host = await AdminApiHost.StartAsync();
        host.Upstream.ReplyJson("""{"error":{"message":"member one is overloaded","type":"server_error"}}""", status: 503);
        using var response = await host.ChatAsync("pooled-model", "tell me", extra: ""","metadata":{"api_key":"sk-should-not-be-kept"}""");
        response.EnsureSuccessStatusCode();
        var id = Traces.RequestId(response);
        await Traces.WaitForAsync(host.Godex, id);

        var trace = await host.GetAsync("/admin/api/traces/" + id);
        Assert.Equal(id, (string?)trace["id"]);
        Assert.Equal("openai-chat", (string?)trace["protocol"]);
        Assert.Equal("key-0", (string?)trace["key_id"]);
        Assert.Equal(200, (int)trace["status"]!);
        Assert.True((bool)trace["has_payload"]!);
        Assert.EndsWith("Z", (string)trace["started_at"]!, StringComparison.Ordinal);
        var attempts = trace["attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(("failed_over", 503), ((string?)attempts[0]!["outcome"], (int)attempts[0]!["status"]!));
        Assert.Contains("overloaded", (string?)attempts[0]!["error_message"], StringComparison.Ordinal);
        Assert.Equal("answered", (string?)attempts[1]!["outcome"]);
        Assert.NotNull(trace["degradations"]);
        Assert.Equal("tell me", (string?)trace["request"]!["messages"]![0]!["content"]);
        Assert.Equal("<redacted>", (string?)trace["request"]!["metadata"]!["api_key"]);

        using var missing = await host.SendAsync(HttpMethod.Get, "/admin/api/traces/no-such-trace");
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal("trace.not_found", (string?)JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!["code"]);
    }

    [Fact]
    public async Task Replay_sends_the_captured_request_through_the_pipeline_again_as_a_new_trace()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var response = await host.ChatAsync("llama-3.3-70b", "replay me");
        response.EnsureSuccessStatusCode();
        var id = Traces.RequestId(response);
        await Traces.WaitForAsync(host.Godex, id);

        using var replay = await host.SendAsync(HttpMethod.Post, $"/admin/api/traces/{id}/replay");
        var result = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)replay.StatusCode);
        var replayed = (string)result["trace_id"]!;
        Assert.NotEqual(id, replayed);
        Assert.Equal(replayed, Traces.RequestId(replay));
        Assert.Equal(id, (string?)result["replay_of"]);
        Assert.True((bool)result["ok"]!);
        Assert.Equal("local", (string?)result["provider"]);
        Assert.Equal("echo: replay me", (string?)result["output_text"]);
        Assert.Equal(2, host.Upstream.Received.Count);
        Assert.Equal("replay me", (string?)host.Upstream.Received.Last().Body!["messages"]![0]!["content"]);

        var stored = await Traces.WaitForAsync(host.Godex, replayed);
        Assert.Equal(("openai-chat", "admin", "llama-3.3-70b", 200), (stored.ClientProtocol, stored.CallerKeyId, stored.RequestedModel, stored.Status));
        Assert.True((bool)(await host.GetAsync("/admin/api/traces/" + replayed))["has_payload"]!); // a replay can be replayed
    }

    [Fact]
    public async Task Replay_refuses_with_409_and_says_why_when_the_trace_has_no_captured_request()
    {
        await using (var uncaptured = await AdminApiHost.StartAsync(capture: false))
        {
            using var response = await uncaptured.ChatAsync("mock");
            var id = Traces.RequestId(response);
            await Traces.WaitForAsync(uncaptured.Godex, id);
            using var refused = await uncaptured.SendAsync(HttpMethod.Post, $"/admin/api/traces/{id}/replay");
            Assert.Equal(409, (int)refused.StatusCode);
            var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal("trace.no_payload", (string?)error["code"]);
            Assert.Contains("capture_payload", (string?)error["message"], StringComparison.Ordinal);
        }

        await using var host = await AdminApiHost.StartAsync();
        using var notJson = await host.Godex.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("this is not json", System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", AdminApiHost.ClientKey) },
        });
        Assert.Equal(400, (int)notJson.StatusCode);
        var badId = Traces.RequestId(notJson);
        await Traces.WaitForAsync(host.Godex, badId);
        using var refusedBad = await host.SendAsync(HttpMethod.Post, $"/admin/api/traces/{badId}/replay");
        Assert.Equal(409, (int)refusedBad.StatusCode);
        Assert.Contains("not JSON", (string?)JsonNode.Parse(await refusedBad.Content.ReadAsStringAsync())!["error"]!["message"], StringComparison.Ordinal);

        using var unknown = await host.SendAsync(HttpMethod.Post, "/admin/api/traces/no-such-trace/replay");
        Assert.Equal(404, (int)unknown.StatusCode);
    }

    [Fact]
    public async Task Usage_groups_by_day_and_model_between_since_and_until()
    {
        await using var host = await AdminApiHost.StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = Traces.RequestId(await host.ChatAsync("llama-3.3-70b"));
        await Traces.WaitForAsync(host.Godex, id);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var inside = await host.GetAsync($"/admin/api/usage?group_by=model,day&since={Iso(before)}&until={Iso(after)}");
        var row = Assert.Single(inside["data"]!.AsArray())!;
        Assert.Equal(("llama-3.3-70b", 1, 5, 2), ((string?)row["model"], (int)row["requests"]!, (int)row["input_tokens"]!, (int)row["output_tokens"]!));
        Assert.Equal(before.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string?)row["day"]);

        Assert.Empty((await host.GetAsync($"/admin/api/usage?group_by=model&until={Iso(before)}"))["data"]!.AsArray());
        using var bad = await host.SendAsync(HttpMethod.Get, "/admin/api/usage?until=yesterday-ish");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal("until", (string?)JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!["param"]);
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Four traces (two models, two providers, a failure with its message, a stored key) searched every way the list allows.</summary>
    private static async Task SearchAsync(AdminApiHost host)
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        host.Upstream.ReplyJson("""{"error":{"message":"the GPU melted down","type":"server_error"}}""", status: 500);
        var failed = Traces.RequestId(await host.ChatAsync("llama-3.3-70b"));
        var ok = Traces.RequestId(await host.ChatAsync("llama-3.3-70b"));
        var mock = Traces.RequestId(await host.ChatAsync("mock"));
        var stored = await host.PostAsync("/admin/api/keys", """{"label":"search-key"}""", status: 201);
        var keyId = (string)stored["id"]!;
        var byStoredKey = Traces.RequestId(await host.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""", (string)stored["secret"]!)));
        foreach (var id in new[] { failed, ok, mock, byStoredKey })
        {
            await Traces.WaitForAsync(host.Godex, id);
        }

        async Task<List<string>> Ids(string query) =>
            [.. (await host.GetAsync("/admin/api/traces?" + query))["data"]!.AsArray().Select(trace => (string)trace!["id"]!)];

        Assert.Equal([byStoredKey, mock, ok, failed], await Ids(""));
        Assert.Equal([ok, failed], await Ids("model=llama-3.3-70b"));
        Assert.Equal([byStoredKey, mock], await Ids("provider=mock"));
        Assert.Equal([failed], await Ids("status=500"));
        Assert.Equal([failed], await Ids("status=error"));
        Assert.Equal([byStoredKey, mock, ok], await Ids("status=ok"));
        Assert.Equal([failed], await Ids("error=gpu%20MELTED"));
        Assert.Equal([failed], await Ids("error=provider."));
        Assert.Empty(await Ids("error=100%25"));
        Assert.Equal([byStoredKey], await Ids("key_id=" + keyId));
        Assert.Equal([mock, ok], await Ids("key_id=key-0&status=200"));
        Assert.Equal([mock, ok, failed], await Ids("key_id=key-0"));
        Assert.Equal([byStoredKey, mock, ok, failed], await Ids("since=" + Iso(start)));
        Assert.Empty(await Ids("until=" + Iso(start)));
        Assert.Empty(await Ids("since=" + Iso(DateTimeOffset.UtcNow.AddMinutes(1))));

        // Pages of two, newest first, then following: nothing newer than the newest.
        var first = await host.GetAsync("/admin/api/traces?limit=2");
        Assert.Equal([byStoredKey, mock], first["data"]!.AsArray().Select(trace => (string)trace!["id"]!));
        Assert.True((bool)first["has_more"]!);
        var second = await host.GetAsync("/admin/api/traces?limit=2&cursor=" + (string)first["next_cursor"]!);
        Assert.Equal([ok, failed], second["data"]!.AsArray().Select(trace => (string)trace!["id"]!));
        Assert.False((bool)second["has_more"]!);
        Assert.Null(second["next_cursor"]);
        var newest = (string)first["data"]![0]!["cursor"]!;
        Assert.Empty((await host.GetAsync("/admin/api/traces?after=" + newest))["data"]!.AsArray());
        var oldest = (string)second["data"]![1]!["cursor"]!;
        Assert.Equal([ok, mock, byStoredKey], await Ids("after=" + oldest));

        var listed = (await host.GetAsync("/admin/api/traces?status=500"))["data"]![0]!;
        Assert.Equal(("llama-3.3-70b", "local", 500, "error"), ((string?)listed["model"], (string?)listed["provider"], (int)listed["status"]!, (string?)listed["outcome"]));
        Assert.Contains("melted", (string?)listed["error_message"], StringComparison.Ordinal);

        using var bad = await host.SendAsync(HttpMethod.Get, "/admin/api/traces?limit=100000");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal("limit", (string?)JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!["param"]);
    }
}
