using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class LimitsConfigTests
{
    [Fact]
    public void Limits_defaults_per_key_and_per_model_are_read_in_order()
    {
        var config = Yaml.Load("""
            limits:
              max_body_bytes: 1MiB
              per_key: { rpm: 600, tpm: 200000, max_concurrent: 20 }
              models:
                "gpt-4o*": { rpm: 100, tpm: 50000, max_concurrent: 5 }
                "claude-*": { tpm: 1000 }
            """);

        Assert.Equal(1024 * 1024, config.Limits.MaxBodyBytes);
        Assert.Equal(new RateLimitConfig { Rpm = 600, Tpm = 200000, MaxConcurrent = 20 }, config.Limits.PerKey);
        Assert.Equal(["gpt-4o*", "claude-*"], config.Limits.Models.Select(model => model.Pattern));
        Assert.Equal(new RateLimitConfig { Rpm = 100, Tpm = 50000, MaxConcurrent = 5 }, config.Limits.Models[0].Limits);
        Assert.Equal(new RateLimitConfig { Tpm = 1000 }, config.Limits.Models[1].Limits);
    }

    [Fact]
    public void A_key_may_be_a_string_or_a_mapping_with_its_own_limits()
    {
        var config = Yaml.Load("""
            keys:
              - plain-key
              - { key: "${TEAM_KEY}", rpm: 100, tpm: 10000, max_concurrent: 4, models: ["gpt-*"] }
            """, ("TEAM_KEY", "team-secret"));

        Assert.Equal(["plain-key", "team-secret"], config.Keys);
        Assert.False(config.KeyLimits.ContainsKey("plain-key"));
        var team = config.KeyLimits["team-secret"];
        Assert.Equal(new RateLimitConfig { Rpm = 100, Tpm = 10000, MaxConcurrent = 4 }, team.Limits);
        Assert.Equal(["gpt-*"], team.Models);
    }

    [Fact]
    public void A_mapping_key_whose_variable_is_unset_is_skipped_with_a_warning()
    {
        var config = Yaml.Load("keys: [ { key: \"${NOT_SET}\", rpm: 5 } ]");

        Assert.Empty(config.Keys);
        Assert.Contains(config.Warnings, warning => warning.Contains("$NOT_SET", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("keys: [ { rpm: 5 } ]", "needs 'key'")]
    [InlineData("keys: [ { key: k, rps: 5 } ]", "unknown key; expected one of key, rpm, tpm, max_concurrent, models")]
    [InlineData("keys: [ { key: k, rpm: 0 } ]", "'keys[].rpm': '0' is not a positive whole number")]
    [InlineData("limits: { per_key: { rpm: -1 } }", "'limits.per_key.rpm': '-1' is not a positive whole number")]
    [InlineData("limits: { per_key: { burst: 3 } }", "unknown key; expected one of rpm, tpm, max_concurrent")]
    [InlineData("limits: { models: { \"gpt-*\": { } } }", "sets no limit")]
    [InlineData("limits: { models: { \"gpt-*\": { tpm: lots } } }", "'limits.models.gpt-*.tpm': 'lots' is not a positive whole number")]
    [InlineData("limits: { models: [ gpt ] }", "limits.models")]
    public void Bad_limits_are_refused_naming_the_key(string yaml, string expected)
    {
        Assert.Contains(expected, Yaml.Error(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_print_shows_limits_but_never_the_key()
    {
        var config = Yaml.Load("""
            keys: [ { key: very-secret-key, rpm: 7 } ]
            limits: { per_key: { tpm: 99 }, models: { "gpt-*": { max_concurrent: 2 } } }
            """);
        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), config, _ => null));

        Assert.DoesNotContain("very-secret-key", printed, StringComparison.Ordinal);
        Assert.Contains("key: <redacted>", printed, StringComparison.Ordinal);
        Assert.Contains("rpm: 7", printed, StringComparison.Ordinal);
        Assert.Contains("tpm: 99", printed, StringComparison.Ordinal);
        Assert.Contains("max_concurrent: 2", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_print_leaves_out_limits_that_are_not_set()
    {
        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), Yaml.Load("keys: [ { key: k, rpm: 7 } ]"), _ => null));

        Assert.DoesNotContain("per_key", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("tpm", printed, StringComparison.Ordinal);
    }
}
