using System.Diagnostics;
using System.Text;

namespace Godex.Bench;

/// <summary>What happened to N streams held open at once: how many finished whole, the longest pause between frames, peak RSS.</summary>
public sealed record OpenStreamsResult(int Streams, int Completed, double MaxGapMs, double PeakRssMiB, double Seconds);

/// <summary>Opens many slow streams through the gateway at once to show it neither stalls nor balloons.</summary>
public static class OpenStreams
{
    public static async Task<OpenStreamsResult> RunAsync(Uri url, string body, int count, ServerProcess server)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = count + 8 };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
        var peak = server.RssMiB();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.RssMiB());
                await Task.Delay(100);
            }
        });

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => OneAsync(http, url, body)));
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        return new OpenStreamsResult(count, results.Count(r => r.Completed), Math.Round(results.Max(r => r.MaxGapMs), 1), peak, Math.Round(clock.Elapsed.TotalSeconds, 2));
    }

    private static async Task<(bool Completed, double MaxGapMs)> OneAsync(HttpClient http, Uri url, string body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            var clock = Stopwatch.StartNew();
            var last = 0.0;
            var maxGap = 0.0;
            var done = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    var now = clock.Elapsed.TotalMilliseconds;
                    maxGap = Math.Max(maxGap, now - last);
                    last = now;
                    done |= line.Contains("[DONE]", StringComparison.Ordinal);
                }
            }

            return (done, maxGap);
        }
        catch (HttpRequestException)
        {
            return (false, double.NaN);
        }
    }
}
