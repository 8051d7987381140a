using System.Text.Json.Nodes;

using Godex.Bench;

// The Godex overhead benchmark: black-box, against the direct call and (with --peer portkey) a peer.
// See bench/README.md. Ratios are the headline; absolute figures are context.
var options = BenchOptions.Parse(args);
var scratch = Directory.CreateTempSubdirectory("godex-bench-").FullName;
await using var upstream = await InstantUpstream.StartAsync();
if (options.UpstreamOnly)
{
    // For profiling by hand: the instant upstream alone, until Ctrl-C.
    Console.WriteLine(upstream.BaseUrl);
    await ConsoleCancellation();
    return 0;
}

if (options.Only == "instructions-flood")
{
    using var client = new HttpClient();
    var alone = new Report(options, System.Diagnostics.FileVersionInfo.GetVersionInfo(options.GodexDll).ProductVersion ?? "");
    alone.Results["instructions_flood"] = await FloodAsync(client, alone);
    var (floodJson, floodMarkdown) = await alone.WriteAsync(options.OutputDirectory, $"instructions-flood-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}");
    Console.WriteLine(await File.ReadAllTextAsync(floodMarkdown));
    Console.Error.WriteLine($"wrote {floodJson} and {floodMarkdown}");
    Directory.Delete(scratch, recursive: true);
    return 0;
}

var direct = new Uri(upstream.BaseUrl, "/v1/chat/completions");

var godexPort = FreePort();
var godexBase = new Uri($"http://127.0.0.1:{godexPort}");
await using var godex = await StartGodexAsync(godexPort, tracing: true);
var untracedPort = FreePort();
await using var untraced = await StartGodexAsync(untracedPort, tracing: false);
var pooledPort = FreePort();
await using var pooled = await StartGodexAsync(pooledPort, tracing: true, pool: true);

using var http = new HttpClient();
var version = JsonNode.Parse(await http.GetStringAsync(new Uri(godexBase, "/health")))!["version"]!.GetValue<string>();
var report = new Report(options, version);
var noHeaders = new Dictionary<string, string>();
report.Results["rss_idle_mib"] = godex.RssMiB();

Console.Error.WriteLine("warm-up");
await Wrk.RunAsync(new Uri(godexBase, Scenarios.Chat.Path), Scenarios.Chat.Body, noHeaders, 8, options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3), scratch);

Console.Error.WriteLine("concurrency 1");
var directC1 = await Wrk.RunAsync(direct, Scenarios.Chat.Body, noHeaders, 1, options.Duration, scratch);
var godexC1 = await Wrk.RunAsync(new Uri(godexBase, Scenarios.Chat.Path), Scenarios.Chat.Body, noHeaders, 1, options.Duration, scratch);
report.Results["c1_direct"] = Json(directC1);
report.Results["c1_godex"] = Json(godexC1);
report.Ratios["added_p50_us_c1"] = Ratio(Math.Round(godexC1.P50Us - directC1.P50Us, 1), "context");
report.Ratios["added_p99_us_c1"] = Ratio(Math.Round(godexC1.P99Us - directC1.P99Us, 1), "<= 100");

Console.Error.WriteLine("concurrency 32");
var directC32 = await Wrk.RunAsync(direct, Scenarios.Chat.Body, noHeaders, 32, options.Duration, scratch);
var sameC32 = await Wrk.RunAsync(new Uri(godexBase, Scenarios.Chat.Path), Scenarios.Chat.Body, noHeaders, 32, options.Duration, scratch);
report.Results["c32_direct"] = Json(directC32);
report.Results["c32_godex_chat"] = Json(sameC32);
report.Ratios["godex_vs_direct_rps"] = Ratio(Math.Round(sameC32.RequestsPerSecond / directC32.RequestsPerSecond, 3), ">= 0.5");
foreach (var scenario in Scenarios.Translated)
{
    var url = new Uri(godexBase, scenario.Path);
    using var probe = await http.PostAsync(url, new StringContent(scenario.Body, System.Text.Encoding.UTF8, "application/json"));
    if (!probe.IsSuccessStatusCode)
    {
        report.Notes.Add($"{scenario.Name}: skipped, Godex answered {(int)probe.StatusCode} on {scenario.Path} (front door not in this build?)");
        continue;
    }

    var translated = await Wrk.RunAsync(url, scenario.Body, noHeaders, 32, options.Duration, scratch);
    report.Results[$"c32_godex_{scenario.Name}"] = Json(translated);
    report.Ratios[$"cost_{scenario.Name}_vs_same_protocol"] = Ratio(Math.Round(sameC32.RequestsPerSecond / translated.RequestsPerSecond, 3), "<= 1.3");
}

var stored = await Wrk.RunAsync(new Uri(godexBase, Scenarios.ResponsesStored.Path), Scenarios.ResponsesStored.Body, noHeaders, 32, options.Duration, scratch);
report.Results["c32_godex_responses->chat_stored"] = Json(stored);
report.Ratios["cost_responses_stored_vs_same_protocol"] = Ratio(Math.Round(sameC32.RequestsPerSecond / stored.RequestsPerSecond, 3), "context");

if (options.Peer == "portkey")
{
    var peer = await Peers.PortkeyAsync(scratch);
    await using (peer.Process)
    {
        var portkeyHeaders = new Dictionary<string, string> { ["x-portkey-provider"] = "openai", ["x-portkey-custom-host"] = new Uri(upstream.BaseUrl, "/v1").ToString(), ["Authorization"] = "Bearer bench" };
        await Wrk.RunAsync(new Uri(peer.BaseUrl, "/v1/chat/completions"), Scenarios.Chat.Body, portkeyHeaders, 8, TimeSpan.FromSeconds(2), scratch);
        var portkey = await Wrk.RunAsync(new Uri(peer.BaseUrl, "/v1/chat/completions"), Scenarios.Chat.Body, portkeyHeaders, 32, options.Duration, scratch);
        report.Results["c32_portkey"] = Json(portkey);
        report.Results["rss_portkey_after_load_mib"] = peer.Process.RssMiB();
        report.Ratios["godex_vs_portkey_rps"] = Ratio(Math.Round(sameC32.RequestsPerSecond / portkey.RequestsPerSecond, 2), ">= 15");
    }
}

Console.Error.WriteLine("streaming");
var probeClient = new StreamProbe(http);
var directStreams = new List<StreamSample>();
var godexStreams = new List<StreamSample>();
for (var i = 0; i < options.StreamSamples; i++)
{
    directStreams.Add(await probeClient.MeasureAsync(direct, Scenarios.Chat.StreamBody, noHeaders));
    godexStreams.Add(await probeClient.MeasureAsync(new Uri(godexBase, Scenarios.Chat.StreamPath), Scenarios.Chat.StreamBody, noHeaders));
}

static double P(List<StreamSample> samples, Func<StreamSample, double> pick, double percentile) => Percentiles.Of([.. samples.Select(pick)], percentile);
report.Results["stream_direct_ttft_us"] = new JsonObject { ["p50"] = P(directStreams, s => s.FirstTokenUs, 50), ["p99"] = P(directStreams, s => s.FirstTokenUs, 99) };
report.Results["stream_godex_ttft_us"] = new JsonObject { ["p50"] = P(godexStreams, s => s.FirstTokenUs, 50), ["p99"] = P(godexStreams, s => s.FirstTokenUs, 99) };
report.Ratios["added_ttft_p50_us"] = Ratio(Math.Round(P(godexStreams, s => s.FirstTokenUs, 50) - P(directStreams, s => s.FirstTokenUs, 50), 1), "context");
report.Ratios["added_ttft_p99_us"] = Ratio(Math.Round(P(godexStreams, s => s.FirstTokenUs, 99) - P(directStreams, s => s.FirstTokenUs, 99), 1), "<= 1000");
report.Ratios["added_per_chunk_us_p50"] = Ratio(Math.Round(P(godexStreams, s => s.PerChunkUs, 50) - P(directStreams, s => s.PerChunkUs, 50), 2), "context");
report.Results["rss_after_load_mib"] = godex.RssMiB();

Console.Error.WriteLine($"{options.OpenStreams} open streams");
var slowBody = Scenarios.Chat.StreamBody.Replace(Scenarios.Model, InstantUpstream.SlowModel, StringComparison.Ordinal);
var open = await OpenStreams.RunAsync(new Uri(godexBase, Scenarios.Chat.StreamPath), slowBody, options.OpenStreams, godex);
report.Results["open_streams"] = new JsonObject { ["streams"] = open.Streams, ["completed"] = open.Completed, ["max_gap_ms"] = open.MaxGapMs, ["peak_rss_mib"] = open.PeakRssMiB, ["seconds"] = open.Seconds };
report.Ratios["open_streams_completed"] = Ratio(open.Completed == open.Streams ? 1 : Math.Round((double)open.Completed / open.Streams, 3), "1 (no stall)");
report.Ratios["rss_idle_mib"] = Ratio((double)report.Results["rss_idle_mib"]!, "<= 80");
Console.Error.WriteLine("stored conversations");
var chain = await SessionChain.RunAsync(http, new Uri(godexBase, Scenarios.ResponsesStored.Path), options.ChainTurns, options.Smoke ? 1 : 5);
report.Results["session_chain_ms_by_turn"] = new JsonArray([.. chain.MedianMsByTurn.Select(ms => (JsonNode)Math.Round(ms, 3))]);
report.Ratios[$"session_turn{options.ChainTurns}_minus_turn1_ms"] = Ratio(Math.Round(chain.Last - chain.First, 3), "<= 2");

Console.Error.WriteLine("tracing on vs off");
var tracing = await TracingCostAsync();
report.Results["c32_godex_chat_tracing_on_rounds"] = new JsonArray([.. tracing.On.Select(run => (JsonNode)WithCpu(run))]);
report.Results["c32_godex_chat_tracing_off_rounds"] = new JsonArray([.. tracing.Off.Select(run => (JsonNode)WithCpu(run))]);
report.Ratios["tracing_on_vs_off_rps"] = Ratio(Math.Round(Median(tracing.On) / Median(tracing.Off), 3), ">= 0.9");
report.Ratios["tracing_on_minus_off_cpu_us_per_request"] = Ratio(Math.Round(MedianCpu(tracing.On) - MedianCpu(tracing.Off), 1), "context");

Console.Error.WriteLine("two-member pool vs one provider");
var pooledUrl = new Uri($"http://127.0.0.1:{pooledPort}{Scenarios.Chat.Path}");
await Wrk.RunAsync(pooledUrl, Scenarios.Chat.Body, noHeaders, 8, options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3), scratch);
var single = new List<CpuRun>();
var pool = new List<CpuRun>();
for (var round = 0; round < (options.Smoke ? 1 : 3); round++)
{
    single.Add(await CpuRunAsync(godex, new Uri(godexBase, Scenarios.Chat.Path)));
    pool.Add(await CpuRunAsync(pooled, pooledUrl));
}

var pooledStreams = new List<StreamSample>();
var singleStreams = new List<StreamSample>();
for (var i = 0; i < options.StreamSamples; i++)
{
    singleStreams.Add(await probeClient.MeasureAsync(new Uri(godexBase, Scenarios.Chat.StreamPath), Scenarios.Chat.StreamBody, noHeaders));
    pooledStreams.Add(await probeClient.MeasureAsync(new Uri($"http://127.0.0.1:{pooledPort}{Scenarios.Chat.StreamPath}"), Scenarios.Chat.StreamBody, noHeaders));
}

report.Results["c32_godex_chat_single_rounds"] = new JsonArray([.. single.Select(run => (JsonNode)WithCpu(run))]);
report.Results["c32_godex_chat_pool2_rounds"] = new JsonArray([.. pool.Select(run => (JsonNode)WithCpu(run))]);
report.Ratios["pool2_vs_single_rps"] = Ratio(Math.Round(Median(pool) / Median(single), 3), ">= 0.95");
report.Ratios["pool2_minus_single_cpu_us_per_request"] = Ratio(Math.Round(MedianCpu(pool) - MedianCpu(single), 1), "context");
report.Ratios["pool2_minus_single_ttft_p99_us"] = Ratio(Math.Round(P(pooledStreams, s => s.FirstTokenUs, 99) - P(singleStreams, s => s.FirstTokenUs, 99), 1), "context");

report.Results["instructions_flood"] = await FloodAsync(http, report);

var (jsonPath, markdownPath) = await report.WriteAsync(options.OutputDirectory, options.Smoke ? "smoke" : $"bench-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}");
Console.WriteLine(await File.ReadAllTextAsync(markdownPath));
Console.Error.WriteLine($"wrote {jsonPath} and {markdownPath}");
Directory.Delete(scratch, recursive: true);

var failed = directC32.Errors + sameC32.Errors > 0 || open.Completed != open.Streams;
return failed ? 1 : 0;

// Godex with a config routing everything to the instant upstream; its SQLite file in the scratch folder.
// With `pool`, the provider is a pool of two keys on the same upstream (the failover layer's happy path).
async Task<ServerProcess> StartGodexAsync(int port, bool tracing, bool pool = false)
{
    var members = pool ? ", pool: [ { api_key: bench-a }, { api_key: bench-b } ]" : "";
    var name = $"godex-{port}.yaml";
    await File.WriteAllTextAsync(Path.Combine(scratch, name), $$"""
        listen: 127.0.0.1:{{port}}
        allow_any_key: true
        log_level: warn
        storage: { path: "{{Path.Combine(scratch, $"godex-{port}.db")}}" }
        trace: { enabled: {{(tracing ? "true" : "false")}} }
        providers:
          instant: { type: openai, base_url: "{{new Uri(upstream.BaseUrl, "/v1")}}"{{members}} }
        routing: { default: instant }
        """);
    var server = await ServerProcess.StartAsync("dotnet", [options.GodexDll, "serve", "--config", name], scratch, new Uri($"http://127.0.0.1:{port}/health"));
    await Task.Delay(1000);
    return server;
}

// The instructions-cache attack on a Godex of its own (default cache bounds), so earlier load is not in its RSS.
async Task<JsonObject> FloodAsync(HttpClient client, Report into)
{
    var port = FreePort();
    await using var server = await StartGodexAsync(port, tracing: true);
    Console.Error.WriteLine($"instructions flood: {options.FloodRequests} users x {options.FloodKiB} KiB");
    var flood = await InstructionsFlood.RunAsync(client, new Uri($"http://127.0.0.1:{port}"), server, options.FloodRequests, options.FloodKiB, concurrency: 8);
    into.Ratios["instructions_flood_rss_growth_mib"] = Ratio(Math.Round(flood.RssAfterMiB - flood.RssBeforeMiB, 1), "context (bounded by the 64 MiB cache, not by the attack)");
    into.Ratios["instructions_flood_cache_mib"] = Ratio(flood.CacheBytes is { } bytes ? Math.Round(bytes / (1024 * 1024), 1) : -1, "<= 64");
    if (flood.CacheBytes is null)
    {
        into.Notes.Add("instructions flood: the scrape had no godex_instructions_cache_bytes (a build without the bounded cache?)");
    }

    if (flood.Errors > 0)
    {
        into.Notes.Add($"instructions flood: {flood.Errors} of {flood.Requests} requests failed");
    }

    return flood.Json();
}

// Tracing on and off, both servers warm, in alternating rounds: a slow spell of this shared machine
// then hits both sides instead of one. Each run also records the server's CPU per request, which is
// steadier than requests/s when wrk, the upstream and Godex share the cores.
async Task<(List<CpuRun> On, List<CpuRun> Off)> TracingCostAsync()
{
    var on = new List<CpuRun>();
    var off = new List<CpuRun>();
    var untracedUrl = new Uri($"http://127.0.0.1:{untracedPort}{Scenarios.Chat.Path}");
    await Wrk.RunAsync(untracedUrl, Scenarios.Chat.Body, noHeaders, 8, options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3), scratch);
    for (var round = 0; round < (options.Smoke ? 1 : 3); round++)
    {
        on.Add(await CpuRunAsync(godex, new Uri(godexBase, Scenarios.Chat.Path)));
        off.Add(await CpuRunAsync(untraced, untracedUrl));
    }

    return (on, off);
}

async Task<CpuRun> CpuRunAsync(ServerProcess server, Uri url)
{
    var before = server.CpuTime();
    var run = await Wrk.RunAsync(url, Scenarios.Chat.Body, noHeaders, 32, options.Duration, scratch);
    return new CpuRun(run, run.Requests == 0 ? double.NaN : (server.CpuTime() - before).TotalMicroseconds / run.Requests);
}

static double Median(List<CpuRun> runs) => Percentiles.Of([.. runs.Select(run => run.Wrk.RequestsPerSecond)], 50);

static double MedianCpu(List<CpuRun> runs) => Percentiles.Of([.. runs.Select(run => run.CpuUsPerRequest)], 50);

static JsonObject WithCpu(CpuRun run)
{
    var json = Json(run.Wrk);
    json["cpu_us_per_request"] = Math.Round(run.CpuUsPerRequest, 1);
    return json;
}

static JsonObject Json(WrkResult result) => new()
{
    ["rps"] = Math.Round(result.RequestsPerSecond, 1),
    ["p50_us"] = result.P50Us,
    ["p90_us"] = result.P90Us,
    ["p99_us"] = result.P99Us,
    ["requests"] = result.Requests,
    ["errors"] = result.Errors,
};

static JsonObject Ratio(double value, string target) => new() { ["value"] = value, ["target"] = target };

static Task ConsoleCancellation()
{
    var stopped = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
    return stopped.Task;
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

/// <summary>A wrk run and the server's CPU time per request over it.</summary>
internal sealed record CpuRun(WrkResult Wrk, double CpuUsPerRequest);
