using System.Globalization;

namespace Godex.Bench;

/// <summary>Command-line settings: `--smoke` for the few-second CI check, `--peer portkey` to add the peer.</summary>
public sealed record BenchOptions
{
    public bool Smoke { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int StreamSamples { get; init; } = 300;
    public int OpenStreams { get; init; } = 512;
    public int ChainTurns { get; init; } = 100;
    public int FloodRequests { get; init; } = 2000;
    public int FloodKiB { get; init; } = 200;

    /// <summary>`--only instructions-flood`: that scenario alone, on its own Godex (a quick check of it, or of the cache's bound).</summary>
    public string? Only { get; init; }
    public string? Peer { get; init; }
    public bool UpstreamOnly { get; init; }
    public string GodexDll { get; init; } = "";
    public string OutputDirectory { get; init; } = "bench/results";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--smoke" => options with { Smoke = true, Duration = TimeSpan.FromSeconds(1), StreamSamples = 20, OpenStreams = 32, ChainTurns = 10, FloodRequests = 50, FloodKiB = 50 },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--stream-samples" => options with { StreamSamples = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--chain-turns" => options with { ChainTurns = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--open-streams" => options with { OpenStreams = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--flood-requests" => options with { FloodRequests = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--flood-kib" => options with { FloodKiB = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--only" => options with { Only = Next() is "instructions-flood" and var only ? only : throw new ArgumentException("--only takes instructions-flood") },
                "--peer" => options with { Peer = Next() },
                "--upstream-only" => options with { UpstreamOnly = true },
                "--godex" => options with { GodexDll = Path.GetFullPath(Next()) },
                "--out" => options with { OutputDirectory = Next() },
                var other => throw new ArgumentException($"unknown option {other}; see bench/README.md"),
            };
        }

        return options.GodexDll.Length == 0 && !options.UpstreamOnly ? throw new ArgumentException("--godex PATH/godex.dll is required") : options;
    }
}
