using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Limits;

/// <summary>
/// Money budgets and session budgets through the real server: exact under concurrency (reservations
/// count while requests are in flight), refused in each protocol's shape, and the tool-loop breaker.
/// </summary>
public sealed class BudgetEndToEndTests
{
    // $1,000 per million tokens: an answer of 1 input and 50 output tokens costs exactly $0.051.
    private const string Prices = "prices: { local/llama-3.3-70b: { input: 1000, output: 1000 } }";
    private const string Ask = """{"model":"llama-3.3-70b","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""";

    /// <summary>Answers every chat completion with 1 input and 50 output tokens: never more than a request reserves.</summary>
    private static void AnswerEverything(ScriptedUpstream upstream) => upstream.Responder = async (_, http) =>
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("""{"id":"c1","object":"chat.completion","created":1,"model":"llama-3.3-70b","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":50,"total_tokens":51}}""");
    };

    [Fact]
    public async Task A_budget_lets_through_exactly_what_it_pays_for_under_200_concurrent_requests()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        AnswerEverything(upstream);
        var yaml = UpstreamConfig.Yaml(upstream, Prices).Replace("""keys: [ "${GODEX_API_KEY}" ]""", """keys: [ { key: "${GODEX_API_KEY}", budget_usd: 0.51, window: 1d } ]""", StringComparison.Ordinal);
        await using var godex = await GodexHost.StartAsync(yaml, environment: UpstreamConfig.Environment);
        godex.WithKey(UpstreamConfig.ClientKey);

        var burst = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Ask));
            return (Status: (int)response.StatusCode, Limit: response.Headers.TryGetValues("x-godex-limit", out var limit) ? limit.Single() : null);
        }));
        Assert.All(burst, result => Assert.True(result.Status == 200 || (result.Status == 429 && result.Limit == "key.budget_usd"), $"{result.Status} {result.Limit}"));

        // After the burst, one at a time until the budget says no: $0.51 buys ten answers of $0.051, not one more.
        var admitted = burst.Count(result => result.Status == 200);
        HttpResponseMessage last;
        while ((int)(last = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Ask))).StatusCode == 200)
        {
            admitted++;
            Assert.True(admitted <= 10, "the budget let an eleventh answer through");
        }

        Assert.Equal(10, admitted);
        Assert.Equal(10, upstream.Received.Count);
        Assert.Equal(429, (int)last.StatusCode);
        var error = JsonNode.Parse(await last.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("insufficient_quota", (string?)error["type"]); // what OpenAI's clients stop on rather than retry
        Assert.Contains("budget of $0.51 per 1d is spent ($0.51 used, key.budget_usd)", (string?)error["message"], StringComparison.Ordinal);
        var midnight = DateTime.UtcNow.Date.AddDays(1);
        Assert.Contains($"resets at {midnight:yyyy-MM-dd}T00:00:00Z", (string?)error["message"], StringComparison.Ordinal);
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value, TimeSpan.Zero, TimeSpan.FromDays(1));
        Assert.Equal($"{midnight:yyyy-MM-dd}T00:00:00Z", last.Headers.GetValues("x-godex-budget-reset").Single());
    }

    [Fact]
    public async Task An_answer_says_what_the_budget_has_left_and_402_is_there_for_who_asks()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        AnswerEverything(upstream);
        var yaml = UpstreamConfig.Yaml(upstream, Prices + "\nlimits: { per_key: { budget_usd: 0.1, window: month }, budget_status: 402 }");
        await using var godex = await GodexHost.StartAsync(yaml, environment: UpstreamConfig.Environment);
        godex.WithKey(UpstreamConfig.ClientKey);

        var first = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Ask));
        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal("0.051", first.Headers.GetValues("x-godex-cost-usd").Single());
        var remaining = decimal.Parse(first.Headers.GetValues("x-godex-budget-remaining-usd").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(remaining, 0.04m, 0.0499m); // $0.10 less this request's reservation (a few input tokens and its 50 output)

        Assert.Equal(200, (int)(await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Ask))).StatusCode);

        // Anthropic's SDK reads 402 as billing_error.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Sse.Json("""{"model":"llama-3.3-70b","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        var refused = await godex.Http.SendAsync(request);
        Assert.Equal(402, (int)refused.StatusCode);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)body["type"]);
        Assert.Equal("billing_error", (string?)body["error"]!["type"]);
        Assert.Contains("per month is spent", (string?)body["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(2, upstream.Received.Count);
    }

    [Fact]
    public async Task A_session_budget_stops_one_agent_session_and_leaves_the_next_alone()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        AnswerEverything(upstream);
        await using var godex = await GodexHost.StartAsync(UpstreamConfig.Yaml(upstream, Prices + "\nlimits: { session_budget_usd: 0.1 }"), environment: UpstreamConfig.Environment);
        godex.WithKey(UpstreamConfig.ClientKey);

        async Task<HttpResponseMessage> Claude(string session)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = Sse.Json("""{"model":"llama-3.3-70b","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""") };
            request.Headers.Add("anthropic-version", "2023-06-01");
            request.Headers.Add("x-claude-code-session-id", session);
            return await godex.Http.SendAsync(request);
        }

        Assert.Equal(200, (int)(await Claude("session-a")).StatusCode);
        Assert.Equal(200, (int)(await Claude("session-a")).StatusCode); // $0.051 spent: room left
        var refused = await Claude("session-a");
        Assert.Equal(429, (int)refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("rate_limit_error", (string?)error["type"]);
        Assert.Contains("agent session's budget of $0.10 is spent ($0.102 used, limits.session_budget_usd)", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("session.budget_usd", refused.Headers.GetValues("x-godex-limit").Single());

        Assert.Equal(200, (int)(await Claude("session-b")).StatusCode);
        using var codex = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Sse.Json(Ask) };
        Assert.Equal(200, (int)(await godex.Http.SendAsync(codex)).StatusCode); // no session named: no session budget
        Assert.Equal(4, upstream.Received.Count);
    }

    [Fact]
    public async Task A_client_leaving_mid_stream_is_charged_what_it_was_sent_and_the_rest_of_its_reservation_comes_back()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        var held = new HeldStreams().Serve(upstream, first: string.Concat(Enumerable.Repeat("word ", 80))); // 400 characters: about 100 tokens
        var yaml = UpstreamConfig.Yaml(upstream).Replace("""keys: [ "${GODEX_API_KEY}" ]""", """keys: [ { key: "${GODEX_API_KEY}", token_quota: 5000, window: 1h } ]""", StringComparison.Ordinal);
        await using var godex = await GodexHost.StartAsync(yaml, environment: UpstreamConfig.Environment);
        godex.WithKey(UpstreamConfig.ClientKey);
        static long Remaining(HttpResponseMessage response) => long.Parse(response.Headers.GetValues("x-godex-quota-remaining-tokens").Single(), CultureInfo.InvariantCulture);

        var left = await HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b");
        var afterFirst = Remaining(left); // 5,000 less the reservation: the input estimate and 1,024 for an answer without max_tokens
        Assert.InRange(afterFirst, 3900, 3990);
        await Eventually.TrueAsync(() => held.Open == 1, "the first words sent");
        left.Dispose(); // the client goes away, no usage was reported
        await Traces.WaitForAsync(godex, Traces.RequestId(left)); // recorded after its admission settled

        var next = await HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b");
        var charged = afterFirst - Remaining(next); // both reserved the same: the difference is what the first was charged
        Assert.InRange(charged, 100, 140); // its input estimate and the ~100 tokens it was sent, not its 1,000+ reservation
        held.Release();
        Assert.True((await HeldStreams.ReadAsync(next)).Done);
    }

    public static TheoryData<string, string, string> Loops => new()
    {
        {
            "/v1/chat/completions",
            """{"model":"llama-3.3-70b","messages":[{"role":"user","content":"build it"},CALLS]}""",
            """{"role":"assistant","content":null,"tool_calls":[{"id":"cN","type":"function","function":{"name":"make","arguments":"{\"target\":\"all\"}"}}]},{"role":"tool","tool_call_id":"cN","content":"error 2"}"""
        },
        {
            "/v1/responses",
            """{"model":"llama-3.3-70b","input":[{"role":"user","content":"build it"},CALLS]}""",
            """{"type":"function_call","call_id":"cN","name":"make","arguments":"{\"target\":\"all\"}"},{"type":"function_call_output","call_id":"cN","output":"error 2"}"""
        },
        {
            "/v1/messages",
            """{"model":"llama-3.3-70b","max_tokens":100,"messages":[{"role":"user","content":"build it"},CALLS]}""",
            """{"role":"assistant","content":[{"type":"tool_use","id":"cN","name":"make","input":{"target":"all"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"cN","content":"error 2"}]}"""
        },
        {
            "/v1beta/models/llama-3.3-70b:generateContent",
            """{"contents":[{"role":"user","parts":[{"text":"build it"}]},CALLS]}""",
            """{"role":"model","parts":[{"functionCall":{"name":"make","args":{"target":"all"}}}]},{"role":"user","parts":[{"functionResponse":{"name":"make","response":{"result":"error 2"}}}]}"""
        },
    };

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task The_loop_breaker_refuses_the_third_identical_call_in_the_clients_shape(string path, string envelope, string turn)
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        AnswerEverything(upstream);
        await using var godex = await GodexHost.StartAsync(UpstreamConfig.Yaml(upstream, "limits: { max_repeated_tool_calls: 3 }"), environment: UpstreamConfig.Environment);
        godex.WithKey(UpstreamConfig.ClientKey);
        string Body(int calls) => envelope.Replace("CALLS", string.Join(",", Enumerable.Range(0, calls).Select(i => turn.Replace("cN", $"c{i}", StringComparison.Ordinal))), StringComparison.Ordinal);
        HttpRequestMessage Post(string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Sse.Json(body) };
            request.Headers.Add("anthropic-version", "2023-06-01");
            request.Headers.Add("x-goog-api-key", UpstreamConfig.ClientKey);
            return request;
        }

        Assert.Equal(200, (int)(await godex.Http.SendAsync(Post(Body(2)))).StatusCode);
        var refused = await godex.Http.SendAsync(Post(Body(3)));

        Assert.Equal(400, (int)refused.StatusCode);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        var error = body["error"]!;
        Assert.Contains("called the tool 'make' with the same arguments 3 times in a row", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("limits.max_repeated_tool_calls", (string?)error["message"], StringComparison.Ordinal);
        if (path.StartsWith("/v1beta", StringComparison.Ordinal))
        {
            Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        }
        else
        {
            Assert.Equal("invalid_request_error", (string?)error["type"]);
        }

        Assert.Single(upstream.Received); // the loop never reached the provider
    }
}
