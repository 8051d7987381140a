using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// Member health through the real server on a manual clock: a pool of two keys in front of one scripted
/// upstream, the first key failing as the test says. The recovery probe lets one request through, a
/// failure rate ejects a member that never fails twice in a row, and a Codex usage limit parks its key
/// until the reset it names, each visible on `/health` and `/metrics`.
/// </summary>
public sealed class MemberHealthEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ManualTime _time = new();
    private readonly TaskCompletionSource _probeArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _releaseProbe = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ScriptedUpstream _upstream = null!;
    private GodexHost? _godex;
    private Func<int, HttpContext, Task<bool>> _firstKey = (_, _) => Task.FromResult(false);
    private int _firstKeyCalls;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        _upstream.Responder = RespondAsync;
    }

    public async Task DisposeAsync()
    {
        _releaseProbe.TrySetResult();
        if (_godex is not null)
        {
            await _godex.DisposeAsync();
        }

        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task When_a_cooldown_ends_one_request_probes_the_member_while_the_others_pass_it_by_then_it_serves_again()
    {
        await StartAsync("openai");
        _firstKey = async (call, http) =>
        {
            if (call == 1)
            {
                return await FailAsync(http, 500);
            }

            if (call == 2)
            {
                _probeArrived.TrySetResult();
                await _releaseProbe.Task; // the probe is held until the test has sent the others
            }

            return false;
        };

        await AskAsync(); // the first key fails: cooling down for 1 s
        _time.Advance(TimeSpan.FromSeconds(2));
        var probe = AskAsync();
        await _probeArrived.Task.WaitAsync(Wait);
        var during = new[] { await AskAsync(), await AskAsync(), await AskAsync() };
        var probing = await MemberAsync(0);
        _releaseProbe.SetResult();
        var probed = await probe;
        var after = new[] { await AskAsync(), await AskAsync() };

        Assert.All(during, response => Assert.Equal("watched#2", Provider(response)));
        Assert.Equal("probing", (string?)probing["state"]);
        Assert.Equal("in_flight", (string?)probing["probe"]);
        Assert.Contains("probe", (string?)probing["skipped_because"], StringComparison.Ordinal);
        Assert.Equal("watched#1", Provider(probed));
        Assert.Contains("watched#1", after.Select(Provider)); // healthy again: back in turn
        Assert.Equal(3, _firstKeyCalls);
        Assert.Equal("healthy", (string?)(await MemberAsync(0))["state"]);
    }

    [Fact]
    public async Task A_member_failing_every_other_request_is_ejected_by_its_failure_rate_though_each_cooldown_is_short()
    {
        await StartAsync("openai", "  health: { window_seconds: 60, min_requests: 3, max_failure_rate: 0.5, ejection_seconds: 30 }");
        _firstKey = (call, http) => call % 2 == 1 ? FailAsync(http, 500) : Task.FromResult(false);

        for (var sent = 0; _firstKeyCalls < 3 && sent < 12; sent++)
        {
            Assert.Equal(200, (int)(await AskAsync()).StatusCode);
            _time.Advance(TimeSpan.FromSeconds(2)); // past each 1 s cooldown: only the rate can keep it out
        }

        var ejected = await MemberAsync(0);
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal("watched#2", Provider(await AskAsync()));
        }

        Assert.Equal(3, _firstKeyCalls);
        Assert.Equal("unhealthy", (string?)ejected["state"]);
        Assert.Equal(0.667, (double)ejected["failure_rate"]!);
        Assert.Contains("above 0.5", (string?)ejected["skipped_because"], StringComparison.Ordinal);
        var metrics = await _godex!.Http.GetStringAsync("/metrics");
        Assert.Contains(Line(metrics, "godex_cooldowns_total{", "member=\"watched#1\"", "reason=\"failure_rate\""), metrics, StringComparison.Ordinal);
        Assert.EndsWith(" 1", Line(metrics, "godex_cooldowns_total{", "member=\"watched#1\"", "reason=\"failure_rate\""), StringComparison.Ordinal);
        Assert.EndsWith(" 1", Line(metrics, "godex_member_state{", "member=\"watched#1\"", "state=\"unhealthy\""), StringComparison.Ordinal);
        Assert.EndsWith(" 0", Line(metrics, "godex_member_state{", "member=\"watched#1\"", "state=\"healthy\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_codex_usage_limit_parks_the_key_until_the_reset_it_names()
    {
        await StartAsync("openai-responses");
        _firstKey = async (_, http) =>
        {
            http.Response.StatusCode = 429;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","plan_type":"plus","resets_in_seconds":7200}}""");
            return true;
        };

        var first = await AskAsync();
        var parked = await MemberAsync(0);
        _time.Advance(TimeSpan.FromHours(1)); // a doubling cooldown would long be over
        var later = await AskAsync();

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal("watched#2", Provider(later));
        Assert.Equal(1, _firstKeyCalls);
        Assert.Equal("parked_for_quota", (string?)parked["state"]);
        Assert.Equal(_time.GetUtcNow().AddHours(1), DateTimeOffset.Parse((string)parked["until"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("429 provider.http_error", (string?)parked["last_error"]);
        var metrics = await _godex!.Http.GetStringAsync("/metrics");
        Assert.EndsWith(" 1", Line(metrics, "godex_cooldowns_total{", "member=\"watched#1\"", "reason=\"quota\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_provider_without_a_pool_is_tried_after_its_fallback_while_it_cools_down_then_probed_first()
    {
        _godex = await GodexHost.StartAsync($$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              gone: { type: openai, base_url: "http://127.0.0.1:{{ClosedPort()}}/v1", api_key: sk-gone }
              mock: { type: mock }
            routing:
              fallbacks: { "gone/*": [ mock/mock ] }
            """, environment: UpstreamConfig.Environment, time: _time);

        var first = await AskAsync("gone/some-model");
        var cooling = await AskAsync("gone/some-model");
        var member = JsonNode.Parse(await _godex.Http.GetStringAsync("/health"))!["pools"]!.AsArray().Single(pool => (string?)pool!["name"] == "gone")!["members"]![0]!;
        _time.Advance(TimeSpan.FromSeconds(2));
        var probe = await AskAsync("gone/some-model");

        Assert.Equal(["2", "1", "2"], new[] { first, cooling, probe }.Select(response => response.Headers.GetValues("x-godex-attempts").Single()));
        Assert.All(new[] { first, cooling, probe }, response => Assert.Equal("mock", Provider(response)));
        Assert.Equal("cooling_down", (string?)member["state"]);
        Assert.Equal("502 provider.unreachable", (string?)member["last_error"]);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartAsync(string type, string routing = "") => _godex = await GodexHost.StartAsync($$"""
        keys: [ "${GODEX_API_KEY}" ]
        providers:
          watched:
            type: {{type}}
            base_url: {{_upstream.ChatBaseUrl}}
            pool:
              - { api_key: sk-first }
              - { api_key: sk-second }
        routing:
          patterns: { watched: [ "watched-" ] }
          strategy: round-robin
        {{routing}}
        """, environment: UpstreamConfig.Environment, time: _time);

    private Task<HttpResponseMessage> AskAsync(string model = "watched-model") =>
        _godex!.Http.SendAsync(Sse.Post("/v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Capital of France?"}]}""", UpstreamConfig.ClientKey));

    private async Task<JsonNode> MemberAsync(int index) =>
        JsonNode.Parse(await _godex!.Http.GetStringAsync("/health"))!["pools"]!.AsArray().Single(pool => (string?)pool!["name"] == "watched")!["members"]![index]!;

    private static string Provider(HttpResponseMessage response) => response.Headers.GetValues("x-godex-provider").Single();

    /// <summary>The one series line with all <paramref name="parts"/> (the provider's name is this class's own: every host in the test process exports the "Godex" meter).</summary>
    private static string Line(string metrics, params string[] parts) =>
        metrics.Split('\n').Single(line => parts.All(part => line.Contains(part, StringComparison.Ordinal)));

    private static async Task<bool> FailAsync(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("""{"error":{"message":"member down","type":"server_error"}}""");
        return true;
    }

    /// <summary>The first key answers as the test scripts it (true: it wrote a failure); otherwise the upstream answers in the provider's wire format.</summary>
    private async Task RespondAsync(ReceivedRequest received, HttpContext http)
    {
        if (received.Headers["authorization"] == "Bearer sk-first" && await _firstKey(Interlocked.Increment(ref _firstKeyCalls), http))
        {
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(received.Path.EndsWith("/responses", StringComparison.Ordinal)
            ? """{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-5","output":[{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Paris.","annotations":[]}]}],"usage":{"input_tokens":5,"output_tokens":2,"total_tokens":7}}"""
            : """{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""");
    }
}
