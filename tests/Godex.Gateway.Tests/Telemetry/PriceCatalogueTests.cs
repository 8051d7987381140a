using Godex.Gateway.Configuration;
using Godex.Gateway.Telemetry.Prices;
using Godex.Wire;

namespace Godex.Gateway.Tests.Telemetry;

public sealed class PriceCatalogueTests
{
    private readonly PriceCatalogue _catalogue = new(new GodexConfig());

    [Fact]
    public void Every_built_in_price_names_its_source_and_when_it_was_read()
    {
        foreach (var model in new[] { "gpt-5", "claude-sonnet-4-5", "gemini-2.5-pro", "deepseek-chat" })
        {
            var price = _catalogue.Find(null, model);
            Assert.NotNull(price);
            Assert.Contains("read 2026-", price.Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dated_variants_price_as_their_family_and_the_longest_name_wins()
    {
        Assert.Equal(_catalogue.Find(null, "claude-sonnet-4-5"), _catalogue.Find(null, "claude-sonnet-4-5-20250929"));
        Assert.Equal(0.40m, _catalogue.Find(null, "gpt-4.1-mini-2025-04-14")!.Input);
        Assert.Null(_catalogue.Find(null, "totally-unknown-model"));
    }

    [Fact]
    public void Cost_splits_cached_reads_cache_writes_and_output()
    {
        var price = new ModelPrice { Input = 3m, Output = 15m, CachedRead = 0.30m, CacheWrite = 3.75m };
        var usage = new Usage { InputTokens = 1_000_000, CachedInputTokens = 600_000, CacheWriteTokens = 100_000, OutputTokens = 200_000 };

        // 300k uncached * 3 + 600k * 0.30 + 100k * 3.75 + 200k * 15, per million.
        Assert.Equal(0.9m + 0.18m + 0.375m + 3m, PriceCatalogue.Cost(price, usage));
    }

    [Fact]
    public void Long_context_tier_prices_every_token_of_a_long_prompt()
    {
        var pro = _catalogue.Find(null, "gemini-2.5-pro")!;

        Assert.Equal(0.125m + 1m, PriceCatalogue.Cost(pro, new Usage { InputTokens = 100_000, OutputTokens = 100_000 }));
        Assert.Equal(0.75m + 1.5m, PriceCatalogue.Cost(pro, new Usage { InputTokens = 300_000, OutputTokens = 100_000 }));
    }

    [Fact]
    public void Reasoning_tokens_use_their_own_price_when_one_is_given()
    {
        var price = new ModelPrice { Input = 1m, Output = 10m, Reasoning = 20m };

        Assert.Equal((500_000 * 10m + 500_000 * 20m) / 1_000_000m, PriceCatalogue.Cost(price, new Usage { OutputTokens = 1_000_000, ReasoningTokens = 500_000 }));
    }

    [Fact]
    public void Config_prices_override_the_catalogue_and_provider_specific_entries_win()
    {
        var catalogue = new PriceCatalogue(new GodexConfig
        {
            Prices = new Dictionary<string, ModelPrice>
            {
                ["gpt-5"] = new() { Input = 9m, Output = 9m, Source = "godex.yaml" },
                ["azure/gpt-5"] = new() { Input = 2m, Output = 2m, Source = "godex.yaml" },
            },
        });

        Assert.Equal(9m, catalogue.Find("openai", "gpt-5")!.Input);
        Assert.Equal(2m, catalogue.Find("azure", "gpt-5")!.Input);
    }
}
