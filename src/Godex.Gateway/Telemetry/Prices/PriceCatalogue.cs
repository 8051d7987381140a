using System.Collections.Frozen;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Telemetry.Prices;

/// <summary>
/// Model prices: the built-in prices.json, overridden by godex.yaml's `prices`. A price is found by
/// `provider/model`, then `model`, then the longest catalogue name the model starts with (so dated
/// variants such as claude-sonnet-4-5-20250929 price as claude-sonnet-4-5).
/// </summary>
public sealed class PriceCatalogue
{
    private const decimal PerMillion = 1_000_000m;

    private readonly FrozenDictionary<string, ModelPrice> _prices;
    private readonly string[] _byLengthDescending;

    public PriceCatalogue(GodexConfig config)
    {
        var prices = LoadBuiltIn();
        foreach (var (model, price) in config.Prices)
        {
            prices[model] = price;
        }

        _prices = prices.ToFrozenDictionary(StringComparer.Ordinal);
        _byLengthDescending = [.. prices.Keys.OrderByDescending(name => name.Length)];
    }

    public ModelPrice? Find(string? provider, string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        if (provider is not null && _prices.TryGetValue($"{provider}/{model}", out var exact))
        {
            return exact;
        }

        if (_prices.TryGetValue(model, out var byModel))
        {
            return byModel;
        }

        foreach (var name in _byLengthDescending)
        {
            if (model.StartsWith(name, StringComparison.Ordinal) && !name.Contains('/', StringComparison.Ordinal))
            {
                return _prices[name];
            }
        }

        return null;
    }

    /// <summary>USD for a request's usage; InputTokens includes cached reads and cache writes, OutputTokens includes reasoning.</summary>
    public static decimal Cost(ModelPrice price, Usage usage)
    {
        var prompt = usage.InputTokens;
        var tier = price.LongContext is { } longContext && prompt > longContext.Threshold ? longContext : null;
        var input = tier?.Input ?? price.Input;
        var output = tier?.Output ?? price.Output;
        var cachedRead = tier?.CachedRead ?? price.CachedRead ?? input;
        var cacheWrite = tier?.CacheWrite ?? price.CacheWrite ?? input;
        var reasoning = price.Reasoning ?? output;

        var uncached = Math.Max(0, usage.InputTokens - usage.CachedInputTokens - usage.CacheWriteTokens);
        var visibleOutput = Math.Max(0, usage.OutputTokens - usage.ReasoningTokens);
        var total = (uncached * input)
            + (usage.CachedInputTokens * cachedRead)
            + (usage.CacheWriteTokens * cacheWrite)
            + (visibleOutput * output)
            + (Math.Min(usage.ReasoningTokens, usage.OutputTokens) * reasoning);
        return decimal.Round(total / PerMillion, 8);
    }

    private static Dictionary<string, ModelPrice> LoadBuiltIn()
    {
        using var stream = typeof(PriceCatalogue).Assembly.GetManifestResourceStream("Godex.Gateway.prices.json")
            ?? throw new InvalidOperationException("The built-in price catalogue is missing from the assembly.");
        var file = JsonSerializer.Deserialize(stream, PriceJsonContext.Default.PriceFile) ?? new PriceFile();
        return file.Models.ToDictionary(entry => entry.Key, entry => entry.Value.ToPrice(), StringComparer.Ordinal);
    }
}
