using System.Diagnostics;
using System.Text;

namespace Godex.Bench;

/// <summary>Time to first token and per-chunk delay of one streamed answer, in microseconds.</summary>
public sealed record StreamSample(double FirstTokenUs, double PerChunkUs, int Frames);

/// <summary>A small streaming client: sends one streaming request at a time and times the frames as they arrive.</summary>
public sealed class StreamProbe(HttpClient http)
{
    public async Task<StreamSample> MeasureAsync(Uri url, string body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        double first = -1;
        double last = 0;
        var frames = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var now = clock.Elapsed.TotalMicroseconds;
            if (first < 0 && IsContent(line))
            {
                first = now;
            }

            last = now;
            frames++;
        }

        return new StreamSample(first, frames > 1 && first >= 0 ? (last - first) / (frames - 1) : 0, frames);
    }

    /// <summary>The first frame that carries answer text, in any protocol's stream.</summary>
    private static bool IsContent(string line) =>
        line.Contains("tok0", StringComparison.Ordinal);
}

/// <summary>Percentiles over samples.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
