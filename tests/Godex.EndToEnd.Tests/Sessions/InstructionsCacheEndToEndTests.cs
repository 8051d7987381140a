using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Sessions;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Godex.EndToEnd.Tests.Sessions;

/// <summary>
/// The instructions cache under the attack that grew a gateway by 3 GB: one key sends large
/// instructions under hundreds of distinct `user`s. The cache stays within its bounds, another key's
/// session keeps its instructions, and the flooding key's most recent session still gets its own back
/// on a follow-up that omits them, while its oldest has been pushed out.
/// </summary>
public sealed class InstructionsCacheEndToEndTests : IAsyncLifetime
{
    private const long Total = 2 * 1024 * 1024;
    private const long PerKey = 1024 * 1024;
    private const int Size = 40_000;
    private ScriptedUpstream _upstream = null!;
    private GodexHost _godex = null!;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();

        // A user message "call X" is answered with a tool call whose id is X; anything else with text.
        _upstream.Responder = (received, http) =>
        {
            var last = received.Body?["messages"]?.AsArray()[^1];
            var asked = last?["content"]?.GetValueKind() == JsonValueKind.String ? (string?)last["content"] : null;
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(asked is { } text && text.StartsWith("call ", StringComparison.Ordinal) ? ToolCall(text[5..]) : Text);
        };
        _godex = await GodexHost.StartAsync($$"""
            keys: [ "key-flood", "key-quiet" ]
            providers:
              local: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", api_key: sk-local, models: [ gpt-x ] }
            sessions: { instructions_cache_bytes: {{Total}}, instructions_cache_bytes_per_key: 1MiB }
            """);
    }

    public async Task DisposeAsync()
    {
        await _godex.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_flood_of_sessions_with_large_instructions_stays_bounded_and_recent_sessions_keep_theirs()
    {
        await AskAsync("key-quiet", "keeper", Prompt("QUIET"), "call call_keeper", store: true);
        await AskAsync("key-flood", "flood-0", Prompt("FLOOD-0"), "call call_flood_0", store: true);
        await Parallel.ForEachAsync(Enumerable.Range(1, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await AskAsync("key-flood", $"flood-{i}", Prompt($"FLOOD-{i}"), "hello", store: false));
        await AskAsync("key-flood", "recent", Prompt("RECENT"), "call call_recent", store: true);

        var cache = _godex.Services.GetRequiredService<InstructionsCache>();
        Assert.InRange(cache.Bytes, 1, Total);
        Assert.True(cache.EvictedForKeyCapacity >= 280, $"evicted for the key's bound: {cache.EvictedForKeyCapacity}");
        var entry = InstructionsCache.Cost("user:flood-1", Prompt("FLOOD-1"));
        Assert.InRange(cache.Count, 2, (int)(Total / entry));

        // Follow-ups that omit instructions (only a tool output, no previous_response_id): the cache is their one source.
        Assert.Contains("RECENT ", await FollowUpAsync("key-flood", "recent", "call_recent"), StringComparison.Ordinal);
        Assert.Contains("QUIET ", await FollowUpAsync("key-quiet", "keeper", "call_keeper"), StringComparison.Ordinal);
        Assert.DoesNotContain("FLOOD-0 ", await FollowUpAsync("key-flood", "flood-0", "call_flood_0"), StringComparison.Ordinal);

        // Another key naming the same user gets nothing of the first key's session.
        await AskAsync("key-quiet", "recent", null, "call call_other", store: true);
        Assert.DoesNotContain("RECENT ", await FollowUpAsync("key-quiet", "recent", "call_other"), StringComparison.Ordinal);

        // The scrape names them; their figures are checked in the unit tests (metrics are process-wide, and
        // other tests' gateways in this process report the same series, so a value here may be theirs).
        var scrape = PrometheusText.Parse(await _godex.Http.GetStringAsync("/metrics"));
        Assert.Contains(scrape, sample => sample.Name == "godex_instructions_cache_bytes");
        Assert.Contains(scrape, sample => sample.Name == "godex_instructions_cache_entries");
        Assert.Equal(["capacity", "expired", "key_capacity", "too_large"], scrape.Where(sample => sample.Name == "godex_instructions_cache_evictions_total").Select(sample => sample.Labels["reason"]).Distinct().Order());
    }

    private static string Prompt(string marker) => marker + " " + new string('i', Size);

    private async Task AskAsync(string key, string user, string? instructions, string input, bool store)
    {
        var body = new JsonObject { ["model"] = "gpt-x", ["user"] = user, ["input"] = input, ["store"] = store };
        if (instructions is not null)
        {
            body["instructions"] = instructions;
        }

        var (status, text) = await SendAsync(key, body);
        Assert.True(status == 200, text);
    }

    /// <summary>Answers the session's tool call without instructions; returns what the upstream was sent.</summary>
    private async Task<string> FollowUpAsync(string key, string user, string callId)
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-x",
            ["user"] = user,
            ["store"] = false,
            ["input"] = new JsonArray(new JsonObject { ["type"] = "function_call_output", ["call_id"] = callId, ["output"] = "4" }),
        };
        var (status, text) = await SendAsync(key, body);
        Assert.True(status == 200, text);
        var sent = _upstream.Received.ToArray()[^1].Body!;
        Assert.Equal(callId, (string?)sent["messages"]!.AsArray().Last()!["tool_call_id"]);
        return sent.ToJsonString();
    }

    private async Task<(int Status, string Body)> SendAsync(string key, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Sse.Json(body.ToJsonString()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _godex.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string ToolCall(string id) => $$$"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-x","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"{{{id}}}","type":"function","function":{"name":"add","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
        """;

    private const string Text = """
        {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-x","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
        """;
}
