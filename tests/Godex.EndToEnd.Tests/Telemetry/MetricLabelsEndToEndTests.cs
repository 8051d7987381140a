using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Telemetry;

/// <summary>
/// Client-chosen model names never become metric labels: thousands of random names (some with NUL,
/// quotes, line feeds, non-ASCII) through the real server leave the scrape small and valid, counted
/// as `other`, while configured and discovered models keep labels of their own.
/// </summary>
public sealed class MetricLabelsEndToEndTests : IAsyncLifetime
{
    private ScriptedUpstream _upstream = null!;

    // The upstream lists one ordinary model and one whose id no exposition may carry as it is.
    private const string OddDiscovered = "deepseek-odd\"\\\0\r\nname";

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        var models = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(Model("deepseek-chat"), Model(OddDiscovered)),
        }.ToJsonString();
        _upstream.Responder = (received, http) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(received.Path.EndsWith("/models", StringComparison.Ordinal) ? models : ChatAnswer((string?)received.Body?["model"] ?? ""));
        };
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private static JsonObject Model(string id) => new() { ["id"] = id, ["object"] = "model", ["owned_by"] = "deep" };

    private static string ChatAnswer(string model) => new JsonObject
    {
        ["id"] = "c1",
        ["object"] = "chat.completion",
        ["created"] = 1,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "ok" }, ["finish_reason"] = "stop" }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 1, ["total_tokens"] = 4 },
    }.ToJsonString();

    [Fact]
    public async Task Thousands_of_random_model_names_are_counted_as_other_and_the_scrape_stays_small_and_valid()
    {
        // Metrics are process-wide (other tests' gateways run here too): this test's alias and random
        // names carry a marker of their own, and the scrape is compared with itself before the flood.
        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        var alias = "probe-" + marker;
        var deep = "deep" + marker;
        await using var godex = await GodexHost.StartAsync($$"""
            providers:
              mock: { type: mock }
              {{deep}}: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", api_key: sk-deep }
            routing:
              patterns: { {{deep}}: [ "deepseek-*" ] }
              aliases: { {{alias}}: mock/mock }
            """);
        var listed = JsonNode.Parse(await godex.Http.GetStringAsync("/v1/models"))!["data"]!.AsArray().Select(model => (string?)model!["id"]).ToList();
        Assert.Contains("deepseek-chat", listed);
        var before = await godex.Http.GetStringAsync("/metrics");

        // Half go nowhere (404: no provider serves them), half route by the pattern and are answered.
        var weird = new[] { "nul\0model", "quote\"model", "new\nline", "back\\slash", "ünïcødé-模型-😀", "cr\rtab\t" };
        var names = Enumerable.Range(0, 3000).Select(i => (i % 2 == 0 ? "deepseek-" : "") + $"{marker}-{Guid.NewGuid():N}-{weird[i / 2 % weird.Length]}").ToList();
        var statuses = new int[names.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellation) =>
        {
            using var response = await godex.Http.PostAsync("/v1/chat/completions", Chat(names[i]), cancellation);
            statuses[i] = (int)response.StatusCode;
        });

        Assert.All(statuses.Where((_, i) => names[i].StartsWith("deepseek-", StringComparison.Ordinal)), status => Assert.Equal(200, status));
        Assert.All(statuses.Where((_, i) => !names[i].StartsWith("deepseek-", StringComparison.Ordinal)), status => Assert.Equal(404, status));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (int)(await godex.Http.PostAsync("/v1/chat/completions", Chat(alias))).StatusCode);
        }

        Assert.Equal(200, (int)(await godex.Http.PostAsync("/v1/chat/completions", Chat("deepseek-chat"))).StatusCode);
        Assert.Equal(200, (int)(await godex.Http.PostAsync("/v1/chat/completions", Chat(OddDiscovered))).StatusCode);

        var after = await godex.Http.GetStringAsync("/metrics");
        var samples = PrometheusText.Parse(after);
        // Unchecked, each name would add a dozen series (~5 KB with the duration histogram's buckets): 15 MB for these.
        var ours = after.Split('\n').Where(line => line.Contains(deep, StringComparison.Ordinal)).Sum(line => line.Length + 1);
        Assert.True(ours < 32 * 1024, $"this test's provider has {ours} bytes of series");
        Assert.True(after.Length - before.Length < 1024 * 1024, $"the scrape grew by {after.Length - before.Length} bytes, from {before.Length}");
        Assert.DoesNotContain(marker + "-", after, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', after);

        var requests = samples.Where(sample => sample.Name == "godex_requests_total").ToList();
        Assert.Equal(3, Assert.Single(requests, sample => sample.Labels["model"] == alias).Value);
        Assert.Equal(1, Assert.Single(requests, sample => sample.Labels["model"] == "deepseek-chat" && sample.Labels["provider"] == deep).Value);
        Assert.Equal(1500, Assert.Single(requests, sample => sample.Labels["model"] == "other" && sample.Labels["provider"] == deep).Value);
        Assert.Contains(requests, sample => sample.Labels["model"] == "other" && sample.Labels["provider"] == "none" && sample.Labels["status"] == "404" && sample.Value >= 1500);

        // The discovered odd id keeps its own label: quote and backslash escaped by the exporter, the control characters replaced.
        Assert.Equal(1, Assert.Single(requests, sample => sample.Labels["model"] == "deepseek-odd\"\\\uFFFD\uFFFD\uFFFDname" && sample.Labels["provider"] == deep).Value);
        Assert.Contains("model=\"deepseek-odd\\\"\\\\\uFFFD\uFFFD\uFFFDname\"", after, StringComparison.Ordinal);
    }

    private static StringContent Chat(string model) =>
        Sse.Json($$"""{"model":{{JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":"hi"}]}""");
}
