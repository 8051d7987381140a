using System.Diagnostics;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Models;

/// <summary>
/// The discovery cache: each upstream is asked at most once per TTL, a stale list is refreshed behind
/// the answer, and a provider that fails or hangs neither breaks the list nor loses its last good one.
/// </summary>
public sealed class ModelCatalogueTests : IAsyncLifetime
{
    private readonly ManualTime _time = new();
    private ScriptedUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await ScriptedUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private string Yaml(string extraProviders = "", string models = "") => $$"""
        providers:
          local: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", models: [ configured-model ] }
        {{extraProviders}}
        routing: { default: local }
        {{models}}
        """;

    [Fact]
    public async Task Second_list_within_the_ttl_does_not_ask_the_upstream_and_one_after_it_does()
    {
        _upstream.ReplyJson(ModelLists.OpenAI("first-model"));
        _upstream.ReplyJson(ModelLists.OpenAI("second-model"));
        await using var godex = await GodexHost.StartAsync(Yaml(models: "models: { discovery_ttl: 5m }"), time: _time);

        Assert.Contains("first-model", await ModelLists.ListAsync(godex));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Contains("first-model", await ModelLists.ListAsync(godex));
        Assert.Single(ModelLists.Listings(_upstream));

        // Past the TTL the answer still comes from the cache (no waiting) while the refresh runs behind it.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("first-model", await ModelLists.ListAsync(godex));
        await Eventually.TrueAsync(async () => (await ModelLists.ListAsync(godex)).Contains("second-model"), "the refreshed list holds second-model");
        Assert.Equal(2, ModelLists.Listings(_upstream).Count);
        Assert.DoesNotContain("first-model", await ModelLists.ListAsync(godex));
    }

    [Fact]
    public async Task Failing_and_unreachable_providers_do_not_break_the_list_and_keep_their_configured_models()
    {
        await using var healthy = await ScriptedUpstream.StartAsync();
        healthy.ReplyJson(ModelLists.OpenAI("healthy-model"));
        _upstream.ReplyJson("""{"error":{"message":"models are down","type":"server_error"}}""", status: 500);
        var closed = $"http://127.0.0.1:{GodexProcess.FreePort()}/v1";
        await using var godex = await GodexHost.StartAsync(Yaml($$"""
              healthy: { type: openai, base_url: "{{healthy.ChatBaseUrl}}" }
              gone: { type: openai, base_url: "{{closed}}", models: [ gone-model ] }
            """));

        var response = await godex.Http.GetAsync("/v1/models");

        Assert.Equal(200, (int)response.StatusCode);
        var ids = ModelLists.Ids(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        Assert.Contains("configured-model", ids);
        Assert.Contains("gone-model", ids);
        Assert.Contains("healthy/healthy-model", ids);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_last_good_list()
    {
        _upstream.ReplyJson(ModelLists.OpenAI("good-model"));
        _upstream.ReplyText("upstream exploded", 500);
        await using var godex = await GodexHost.StartAsync(Yaml(), time: _time);

        Assert.Contains("good-model", await ModelLists.ListAsync(godex));
        _time.Advance(TimeSpan.FromMinutes(6));
        await ModelLists.ListAsync(godex);
        await Eventually.TrueAsync(() => ModelLists.Listings(_upstream).Count == 2, "a second listing asked of the upstream");
        await Task.Delay(100); // the refresh records its failure just after the upstream answers

        Assert.Contains("good-model", await ModelLists.ListAsync(godex));
    }

    [Fact]
    public async Task A_hanging_upstream_costs_the_first_list_at_most_the_discovery_timeout()
    {
        _upstream.Responder = async (_, http) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(20), http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // Godex gave up, as it should
            }
        };
        await using var godex = await GodexHost.StartAsync(Yaml(models: "models: { discovery_timeout: 1s }"));

        var clock = Stopwatch.StartNew();
        var ids = await ModelLists.ListAsync(godex);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.Equal(["configured-model"], ids);
    }

    [Fact]
    public async Task Chat_requests_never_ask_for_the_model_list()
    {
        _upstream.ReplyJson("""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""");
        await using var godex = await GodexHost.StartAsync(Yaml());

        var chat = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json("""{"model":"anything","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(200, (int)chat.StatusCode);
        Assert.Equal("/v1/chat/completions", _upstream.Single().Path);
    }
}
