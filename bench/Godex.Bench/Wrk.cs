using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Godex.Bench;

/// <summary>One wrk run's figures: requests per second and latency percentiles in microseconds.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Us, double P90Us, double P99Us, long Requests, long Errors);

/// <summary>Drives wrk with a POST body from a small Lua script, and parses its --latency report.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, string body, IReadOnlyDictionary<string, string> headers, int connections, TimeSpan duration, string scratch)
    {
        var script = Path.Combine(scratch, $"wrk-{Guid.NewGuid():N}.lua");
        var lua = new System.Text.StringBuilder();
        lua.Append("wrk.method = \"POST\"\n");
        lua.Append("wrk.body = [==[").Append(body).Append("]==]\n");
        lua.Append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        foreach (var (name, value) in headers)
        {
            lua.Append(CultureInfo.InvariantCulture, $"wrk.headers[\"{name}\"] = \"{value}\"\n");
        }

        await File.WriteAllTextAsync(script, lua.ToString());
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t", Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s", "--latency", "-s", script, url.ToString() })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        double Percentile(string name)
        {
            var match = Regex.Match(output, $@"^\s*{name}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            return match.Success ? ToMicroseconds(match.Groups[1].Value, match.Groups[2].Value) : double.NaN;
        }

        var rps = RequestsPattern().Match(output);
        var total = TotalPattern().Match(output);
        var errors = 0L;
        foreach (Match error in ErrorPattern().Matches(output))
        {
            errors += long.Parse(error.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        foreach (Match status in Non2xxPattern().Matches(output))
        {
            errors += long.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new WrkResult(
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Percentile("50"),
            Percentile("90"),
            Percentile("99"),
            total.Success ? long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors);
    }

    private static double ToMicroseconds(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 1,
        "ms" => 1000,
        _ => 1_000_000,
    };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPattern();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex ErrorPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxPattern();
}
