using System.Text.Json.Serialization;

using Godex.Gateway.Configuration;

namespace Godex.Gateway.Telemetry.Prices;

/// <summary>The shape of prices.json, the built-in catalogue.</summary>
internal sealed class PriceFile
{
    [JsonPropertyName("models")] public Dictionary<string, PriceEntry> Models { get; set; } = [];
}

internal sealed class PriceEntry
{
    [JsonPropertyName("input")] public decimal Input { get; set; }
    [JsonPropertyName("output")] public decimal Output { get; set; }
    [JsonPropertyName("cached_read")] public decimal? CachedRead { get; set; }
    [JsonPropertyName("cache_write")] public decimal? CacheWrite { get; set; }
    [JsonPropertyName("reasoning")] public decimal? Reasoning { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("long_context")] public LongContextEntry? LongContext { get; set; }

    public ModelPrice ToPrice() => new()
    {
        Input = Input,
        Output = Output,
        CachedRead = CachedRead,
        CacheWrite = CacheWrite,
        Reasoning = Reasoning,
        Source = Source,
        LongContext = LongContext is { } tier
            ? new LongContextPrice { Threshold = tier.Threshold, Input = tier.Input, Output = tier.Output, CachedRead = tier.CachedRead, CacheWrite = tier.CacheWrite }
            : null,
    };
}

internal sealed class LongContextEntry
{
    [JsonPropertyName("threshold")] public long Threshold { get; set; }
    [JsonPropertyName("input")] public decimal Input { get; set; }
    [JsonPropertyName("output")] public decimal Output { get; set; }
    [JsonPropertyName("cached_read")] public decimal? CachedRead { get; set; }
    [JsonPropertyName("cache_write")] public decimal? CacheWrite { get; set; }
}

[JsonSerializable(typeof(PriceFile))]
internal sealed partial class PriceJsonContext : JsonSerializerContext;
