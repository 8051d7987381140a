using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Limits;

/// <summary>Requests at once (held streams; released when an answer ends or its client leaves) and tokens per minute (reserved, then settled to the reported usage).</summary>
public sealed class ConcurrencyAndTokenLimitEndToEndTests
{
    [Fact]
    public async Task The_request_past_max_concurrent_is_refused_until_one_ends_and_a_client_leaving_frees_its_place()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        var held = new HeldStreams().Serve(upstream);
        await using var godex = await GodexHost.StartAsync(UpstreamConfig.Yaml(upstream).Replace("""keys: [ "${GODEX_API_KEY}" ]""", """keys: [ { key: "${GODEX_API_KEY}", max_concurrent: 2 } ]""", StringComparison.Ordinal), environment: UpstreamConfig.Environment);
        godex.WithKey(UpstreamConfig.ClientKey);

        var first = await HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b");
        var second = await HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b");
        await Eventually.TrueAsync(() => held.Open == 2, "two streams held open");
        var third = await HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b");

        Assert.Equal(429, (int)third.StatusCode);
        Assert.Equal("key.concurrency", third.Headers.GetValues("x-godex-limit").Single());
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        Assert.Contains("2 requests at once", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        first.Dispose(); // the client goes away mid-stream
        HttpResponseMessage? replacement = null;
        await Eventually.TrueAsync(async () =>
        {
            var attempt = await HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b");
            if ((int)attempt.StatusCode == 200)
            {
                replacement = attempt;
                return true;
            }

            attempt.Dispose();
            return false;
        }, "a place freed by the client that left");

        held.Release();
        Assert.True((await HeldStreams.ReadAsync(second)).Done);
        Assert.True((await HeldStreams.ReadAsync(replacement!)).Done);
        var after = await Task.WhenAll(HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b"), HeldStreams.OpenAsync(godex.Http, "llama-3.3-70b"));
        Assert.All(after, response => Assert.Equal(200, (int)response.StatusCode)); // both places came back when the answers ended
        Assert.All(await Task.WhenAll(after.Select(HeldStreams.ReadAsync)), result => Assert.True(result.Done));
    }

    [Fact]
    public async Task A_tpm_key_is_charged_the_reported_usage_not_its_reservation()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            upstream.ReplyJson("""{"id":"c1","object":"chat.completion","created":1,"model":"llama-3.3-70b","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":290,"completion_tokens":10,"total_tokens":300}}""");
        }

        await using var godex = await GodexHost.StartAsync(UpstreamConfig.Yaml(upstream).Replace("""keys: [ "${GODEX_API_KEY}" ]""", """keys: [ { key: "${GODEX_API_KEY}", tpm: 1000 } ]""", StringComparison.Ordinal), environment: UpstreamConfig.Environment, time: new ManualTime());
        godex.WithKey(UpstreamConfig.ClientKey);

        var remaining = new List<string>();
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"llama-3.3-70b","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"""));
            statuses.Add((int)response.StatusCode);
            remaining.Add(response.Headers.GetValues("x-ratelimit-remaining-tokens").Single());
            if (i == 4)
            {
                Assert.Equal("key.tpm", response.Headers.GetValues("x-godex-limit").Single());
                Assert.Equal("limit.tokens_per_minute", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
            }
        }

        // Each reservation is small (the input estimate + max_tokens); each answer then costs 300: four fit in 1,000 (the fourth runs over), the fifth does not.
        Assert.Equal([200, 200, 200, 200, 429], statuses);
        Assert.Equal(4, upstream.Received.Count);
        var figures = remaining.Select(figure => long.Parse(figure, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(figures[0], 900, 990); // 1,000 less the first reservation (a few input tokens + 10)
        Assert.Equal([figures[0] - 300, figures[0] - 600, figures[0] - 900], figures.Skip(1).Take(3)); // each settled answer cost exactly its 300
        Assert.Equal(0, figures[4]);
    }

    [Fact]
    public async Task A_failed_answer_gives_its_token_reservation_back()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.ReplyJson("""{"error":{"message":"boom","type":"server_error"}}""", 400);
        upstream.ReplyJson("""{"id":"c1","object":"chat.completion","created":1,"model":"llama-3.3-70b","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""");
        await using var godex = await GodexHost.StartAsync(UpstreamConfig.Yaml(upstream).Replace("""keys: [ "${GODEX_API_KEY}" ]""", """keys: [ { key: "${GODEX_API_KEY}", tpm: 3000 } ]""", StringComparison.Ordinal), environment: UpstreamConfig.Environment, time: new ManualTime());
        godex.WithKey(UpstreamConfig.ClientKey);
        const string Big = """{"model":"llama-3.3-70b","max_tokens":2000,"messages":[{"role":"user","content":"hi"}]}""";

        Assert.Equal(400, (int)(await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Big))).StatusCode);
        var second = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Big)); // fits only if the first reservation (2,000+) came back

        Assert.Equal(200, (int)second.StatusCode);
        Assert.InRange(long.Parse(second.Headers.GetValues("x-ratelimit-remaining-tokens").Single(), System.Globalization.CultureInfo.InvariantCulture), 900, 1000); // 3,000 less only its own reservation
    }
}
