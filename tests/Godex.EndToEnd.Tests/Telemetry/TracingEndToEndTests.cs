using System.Globalization;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Telemetry.Prices;
using Godex.Wire;

using Microsoft.Extensions.DependencyInjection;

namespace Godex.EndToEnd.Tests.Telemetry;

/// <summary>Every request is accounted for: traces with the upstream's own usage, cost, timings and errors, in the real SQLite file.</summary>
public sealed class TracingEndToEndTests : IAsyncLifetime
{
    private UpstreamGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await UpstreamGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Non_stream_trace_has_the_upstreams_usage_the_catalogue_cost_and_headers()
    {
        var fixture = JsonNode.Parse(ScriptedUpstream.Fixture("openai-chat/openai-text.json"))!;
        _gateway.Upstream.ReplyJson(fixture.ToJsonString());

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"local/gpt-4.1-nano","messages":[{"role":"user","content":"Invent a holiday"}]}""", UpstreamConfig.ClientKey));

        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));
        Assert.Equal("openai-chat", trace.ClientProtocol);
        Assert.Equal("local/gpt-4.1-nano", trace.RequestedModel);
        Assert.Equal("gpt-4.1-nano", trace.ResolvedModel);
        Assert.Equal("local", trace.Provider);
        Assert.Equal("key-0", trace.CallerKeyId);
        Assert.Equal(200, trace.Status);
        Assert.Equal("ok", trace.Outcome);
        Assert.False(trace.Stream);
        Assert.Equal((long)fixture["usage"]!["prompt_tokens"]!, trace.InputTokens);
        Assert.Equal((long)fixture["usage"]!["completion_tokens"]!, trace.OutputTokens);
        Assert.False(trace.UsageEstimated);
        Assert.NotNull(trace.UpstreamLatencyMs);
        Assert.True(trace.LatencyMs >= trace.UpstreamLatencyMs);

        var price = _gateway.Godex.Services.GetRequiredService<PriceCatalogue>().Find("local", "gpt-4.1-nano")!;
        var expected = PriceCatalogue.Cost(price, new Usage { InputTokens = trace.InputTokens, OutputTokens = trace.OutputTokens, CachedInputTokens = trace.CachedInputTokens });
        Assert.Equal(expected, trace.CostUsd);
        Assert.True(expected > 0);
        Assert.Equal(expected, decimal.Parse(response.Headers.GetValues("x-godex-cost-usd").Single(), CultureInfo.InvariantCulture));
        Assert.True(double.Parse(response.Headers.GetValues("x-godex-overhead-ms").Single(), CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task Stream_trace_has_streamed_usage_with_cache_and_reasoning_and_a_first_token_time()
    {
        _gateway.Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.sse"));

        var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"qwen-x","stream":true,"messages":[{"role":"user","content":"Weather?"}]}""", UpstreamConfig.ClientKey));
        await response.Content.ReadAsStringAsync();

        var trace = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(response));
        Assert.True(trace.Stream);
        Assert.Equal(339, trace.InputTokens);
        Assert.Equal(83, trace.OutputTokens);
        Assert.Equal(320, trace.CachedInputTokens);
        Assert.Equal(39, trace.ReasoningTokens);
        Assert.NotNull(trace.TimeToFirstTokenMs);
        Assert.True(trace.StreamEvents > 10);
        Assert.Equal("ok", trace.Outcome);
    }

    [Fact]
    public async Task Client_disconnect_mid_stream_is_recorded_with_estimated_usage()
    {
        var frames = Enumerable.Range(0, 100).Select(i => $$"""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"word{{i}} "},"finish_reason":null}]}""").ToArray();
        _gateway.Upstream.ReplySse(ScriptedUpstream.Chunks(frames), delay: TimeSpan.FromMilliseconds(30));

        string id;
        using (var response = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"fast","stream":true,"messages":[{"role":"user","content":"Talk for a while"}]}""", UpstreamConfig.ClientKey), HttpCompletionOption.ResponseHeadersRead))
        {
            id = Traces.RequestId(response);
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[2048];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        }

        var trace = await Traces.WaitForAsync(_gateway.Godex, id);
        Assert.Equal("client_disconnected", trace.Outcome);
        Assert.True(trace.UsageEstimated);
        Assert.True(trace.InputTokens > 0);
        Assert.True(trace.OutputTokens > 0);
    }

    [Fact]
    public async Task Refused_and_failed_requests_are_traced_with_their_status_and_code()
    {
        var unauthorized = await _gateway.Godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"fast","messages":[{"role":"user","content":"hi"}]}"""));
        _gateway.Upstream.ReplyJson("""{"error":{"message":"slow down","type":"rate_limit_error"}}""", 429);
        var limited = await _gateway.Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"fast","messages":[{"role":"user","content":"hi"}]}""", UpstreamConfig.ClientKey));

        var denied = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(unauthorized));
        Assert.Equal(401, denied.Status);
        Assert.Equal("auth.missing_key", denied.ErrorCode);
        Assert.Equal("error", denied.Outcome);
        var upstream = await Traces.WaitForAsync(_gateway.Godex, Traces.RequestId(limited));
        Assert.Equal(429, upstream.Status);
        Assert.Equal("provider.http_error", upstream.ErrorCode);
        Assert.Equal("local", upstream.Provider);
    }

    [Fact]
    public async Task Usage_endpoint_sums_by_model_and_metrics_are_scraped_in_prometheus_format()
    {
        // Metrics are process-wide and other tests' gateways run in this process too: a model alias
        // of this test's own keeps its counts apart.
        var alias = "probe-" + Guid.NewGuid().ToString("N")[..8];
        await using var godex = await GodexHost.StartAsync($$"""
            keys: [ "metrics-key" ]
            providers: { mock: { type: mock } }
            routing: { aliases: { {{alias}}: mock/mock } }
            """);
        for (var i = 0; i < 3; i++)
        {
            var mock = await godex.Http.SendAsync(Sse.Post("/v1/chat/completions", $$"""{"model":"{{alias}}","messages":[{"role":"user","content":"count me"}]}""", "metrics-key"));
            await Traces.WaitForAsync(godex, Traces.RequestId(mock));
        }

        using var usageRequest = new HttpRequestMessage(HttpMethod.Get, "/v1/usage?group_by=model,provider");
        usageRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "metrics-key");
        var usage = JsonNode.Parse(await (await godex.Http.SendAsync(usageRequest)).Content.ReadAsStringAsync())!;
        var row = Assert.Single(usage["data"]!.AsArray())!;
        Assert.Equal(alias, (string?)row["model"]);
        Assert.Equal("mock", (string?)row["provider"]);
        Assert.Equal(3, (int)row["requests"]!);
        Assert.True((int)row["output_tokens"]! > 0);

        var metrics = (await godex.Http.GetStringAsync("/metrics")).Split('\n');
        var requests = metrics.Where(line => line.StartsWith("godex_requests_total{", StringComparison.Ordinal) && line.Contains($"model=\"{alias}\"", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(requests);
        Assert.Contains("status=\"200\"", line, StringComparison.Ordinal);
        Assert.Contains("protocol=\"openai-chat\"", line, StringComparison.Ordinal);
        Assert.Equal(3, double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture));
        Assert.Contains(metrics, l => l.StartsWith("godex_request_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains(alias, StringComparison.Ordinal));
        Assert.Contains(metrics, l => l.StartsWith("godex_tokens_total{", StringComparison.Ordinal) && l.Contains(alias, StringComparison.Ordinal) && l.Contains("type=\"output\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_endpoint_rejects_an_unknown_grouping()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/usage?group_by=color");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", UpstreamConfig.ClientKey);

        var response = await _gateway.Godex.Http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("group_by 'color'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
