using System.Diagnostics.Metrics;

using Godex.Gateway.Configuration;
using Godex.Gateway.Sessions;
using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Tests.Telemetry;

public sealed class InstructionsCacheMetricsTests
{
    [Fact]
    public void The_cache_bytes_entries_and_evictions_by_reason_are_observed_at_collection()
    {
        var text = new string('p', 12_345); // an odd size no other cache in this process holds
        var cost = InstructionsCache.Cost("user:000", text);
        var cache = new InstructionsCache(new ServeOptions
        {
            Config = new GodexConfig { Sessions = new SessionsConfig { InstructionsCacheBytes = 10 * cost, InstructionsCacheBytesPerKey = 3 * cost } },
        }, TimeProvider.System);
        using var metrics = new GatewayMetrics();
        var seen = new List<(string Instrument, long Value, string? Reason)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name.StartsWith("godex.instructions_cache.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => seen.Add((instrument.Name, value, Reason(tags))));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => seen.Add((instrument.Name, value, Reason(tags))));
        listener.Start();
        metrics.ObserveInstructionsCache(cache);

        for (var i = 0; i < 10; i++)
        {
            cache.Remember("key:a", $"user:{i:000}", text);
        }

        cache.Remember("key:a", "user:big", new string('b', 20 * text.Length));
        listener.RecordObservableInstruments();

        Assert.Contains(("godex.instructions_cache.bytes", 3 * cost, null), seen);
        Assert.Contains(("godex.instructions_cache.entries", 3L, null), seen);
        Assert.Contains(("godex.instructions_cache.evictions", 7L, "key_capacity"), seen);
        Assert.Contains(("godex.instructions_cache.evictions", 0L, "capacity"), seen);
        Assert.Contains(("godex.instructions_cache.evictions", 1L, "too_large"), seen);
        Assert.Contains(("godex.instructions_cache.evictions", 0L, "expired"), seen);
    }

    private static string? Reason(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "reason")
            {
                return (string?)tag.Value;
            }
        }

        return null;
    }
}
