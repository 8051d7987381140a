using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Godex.Bench;

/// <summary>What the instructions-cache attack did to the server: RSS before, at its peak and after, and what the cache held.</summary>
public sealed record FloodResult(int Requests, int Errors, int InstructionsKiB, double Seconds, double RssBeforeMiB, double RssPeakMiB, double RssAfterMiB, double? CacheBytes, double? CacheEntries, double? EvictedForCapacity)
{
    public JsonObject Json() => new()
    {
        ["requests"] = Requests,
        ["errors"] = Errors,
        ["instructions_kib"] = InstructionsKiB,
        ["seconds"] = Math.Round(Seconds, 1),
        ["rss_before_mib"] = RssBeforeMiB,
        ["rss_peak_mib"] = RssPeakMiB,
        ["rss_after_mib"] = RssAfterMiB,
        ["cache_mib"] = CacheBytes is { } bytes ? Math.Round(bytes / (1024 * 1024), 1) : null,
        ["cache_entries"] = CacheEntries,
        ["cache_evicted_for_capacity"] = EvictedForCapacity,
    };
}

/// <summary>
/// The instructions-cache attack of issue 17: Responses requests each from a distinct `user` with its
/// own large instructions (the cache is keyed on the session, which the client names). Before the cache
/// had a byte bound, 2,000 requests of 200 KB grew a gateway from 1.55 to 4.68 GB RSS, never released.
/// The server runs with the default bounds and any key (callers not told apart), so the total bound,
/// `sessions.instructions_cache_bytes` (64 MiB), is what holds.
/// </summary>
public static class InstructionsFlood
{
    public static async Task<FloodResult> RunAsync(HttpClient http, Uri godexBase, ServerProcess godex, int requests, int instructionsKiB, int concurrency)
    {
        var url = new Uri(godexBase, "/v1/responses");
        var filler = new string('x', instructionsKiB * 1024);
        var before = godex.RssMiB();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, godex.RssMiB());
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);

        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancellation) =>
        {
            // Each user's instructions differ (a prefix of its own), as each attacker session's would.
            var body = $$"""{"model":"{{Scenarios.Model}}","user":"flood-{{i}}","store":false,"instructions":"Session {{i}}. {{filler}}","input":"Say something.","max_output_tokens":16}""";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(url, content, cancellation);
            await response.Content.ReadAsByteArrayAsync(cancellation);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(2000); // let the last requests' buffers go back before the figure that stays
        await sampling.CancelAsync();
        await sampler;
        var after = godex.RssMiB();

        var metrics = (await http.GetStringAsync(new Uri(godexBase, "/metrics"))).Split('\n');
        return new FloodResult(requests, errors, instructionsKiB, seconds, before, Math.Max(peak, after), after,
            Sample(metrics, "godex_instructions_cache_bytes"), Sample(metrics, "godex_instructions_cache_entries"),
            Sample(metrics, "godex_instructions_cache_evictions_total", "reason=\"capacity\""));
    }

    /// <summary>The value of the first sample of <paramref name="name"/> (with <paramref name="label"/>, when given) in a scrape.</summary>
    private static double? Sample(string[] lines, string name, string? label = null)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' '
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
