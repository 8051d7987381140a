using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>An alias's hedging: the object form `{ targets, hedge_after_ms, hedge }`.</summary>
public sealed class HedgeConfigTests
{
    private const string Providers = "providers:\n  a: { type: deepseek, api_key: k }\n  b: { type: deepseek, api_key: k }\n";

    [Fact]
    public void An_alias_given_as_an_object_keeps_its_targets_and_its_hedging()
    {
        var routing = Yaml.Load(Providers + """
            routing:
              aliases:
                flash: { targets: [ a/m, b/m ], hedge_after_ms: 400 }
                tail: { targets: a/m, hedge: p95, hedge_after_ms: 900 }
                plain: { targets: [ a/m, b/m ] }
            """).Routing;

        Assert.Equal(["a/m", "b/m"], routing.AliasPools["flash"]);
        Assert.Equal("a/m", routing.Aliases["tail"]);
        Assert.Equal(new HedgeConfig(400, null), routing.Hedges["flash"]);
        Assert.Equal(new HedgeConfig(900, 95), routing.Hedges["tail"]);
        Assert.False(routing.Hedges.ContainsKey("plain"));
    }

    [Theory]
    [InlineData("{ hedge_after_ms: 400 }", "'routing.aliases.flash': an alias given as an object needs 'targets'")]
    [InlineData("{ targets: [ a/m ], hedge: fast }", "'routing.aliases.flash.hedge': 'fast' is not a percentile of recent first tokens (p50 to p99.9, e.g. p95).")]
    [InlineData("{ targets: [ a/m ], hedge: p100 }", "'routing.aliases.flash.hedge': 'p100' is not a percentile")]
    [InlineData("{ targets: [ a/m ], hedge_after_ms: 0 }", "'routing.aliases.flash.hedge_after_ms': '0' is not a positive whole number.")]
    [InlineData("{ targets: [ a/m ], hedge_after: 10 }", "'routing.aliases.flash.hedge_after': unknown key")]
    [InlineData("{ targets: [ c/m ] }", "'routing.aliases.flash': names provider 'c', which is not under 'providers'.")]
    public void A_bad_alias_object_names_the_key_and_why(string alias, string expected)
    {
        var message = Yaml.Error(Providers + $"routing:\n  aliases:\n    flash: {alias}");

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
