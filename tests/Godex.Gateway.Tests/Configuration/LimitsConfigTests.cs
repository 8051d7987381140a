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
    [InlineData("keys: [ { key: k, rps: 5 } ]", "unknown key; expected one of key, rpm, tpm, max_concurrent, models, token_quota, budget_usd, window")]
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
    public void Budgets_are_read_on_keys_and_per_key_with_the_limits_settings_around_them()
    {
        var config = Yaml.Load("""
            keys:
              - { key: team, budget_usd: 50, window: month, token_quota: 2000000 }
              - { key: ci, budget_usd: 0.25 }
            limits:
              per_key: { rpm: 60, budget_usd: 5, window: 1d }
              budget_status: 402
              session_budget_usd: 2.5
              max_repeated_tool_calls: 4
            """);

        var team = config.KeyLimits["team"].Budget!;
        Assert.Equal((50m, 2000000L, "month"), (team.BudgetUsd!.Value, team.TokenQuota!.Value, team.Window));
        Assert.Equal("30d", config.KeyLimits["ci"].Budget!.Window); // the key store's default window too
        Assert.Equal(5m, config.Limits.PerKeyBudget!.BudgetUsd);
        Assert.Equal(60, config.Limits.PerKey.Rpm);
        Assert.Equal((402, 2.5m, 4), (config.Limits.BudgetStatus, config.Limits.SessionBudgetUsd!.Value, config.Limits.MaxRepeatedToolCalls!.Value));

        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), config, _ => null));
        Assert.Contains("budget_usd: 50", printed, StringComparison.Ordinal);
        Assert.Contains("window: month", printed, StringComparison.Ordinal);
        Assert.Contains("session_budget_usd: 2.5", printed, StringComparison.Ordinal);
        Assert.Contains("max_repeated_tool_calls: 4", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys: [ { key: k, budget_usd: -5 } ]", "'keys[].budget_usd': '-5' is not a positive amount of US dollars")]
    [InlineData("keys: [ { key: k, budget_usd: $5 } ]", "is not a positive amount of US dollars")]
    [InlineData("keys: [ { key: k, budget_usd: 5, window: 7d } ]", "'keys[].window': '7d' is not one of 1h, 1d, 30d, month")]
    [InlineData("keys: [ { key: k, window: 1d } ]", "a window needs a token_quota or a budget_usd")]
    [InlineData("limits: { per_key: { token_quota: 1.5 } }", "'limits.per_key.token_quota': '1.5' is not a positive whole number")]
    [InlineData("limits: { budget_status: 403 }", "neither 429")]
    [InlineData("limits: { max_repeated_tool_calls: 1 }", "one call is not a loop")]
    [InlineData("limits: { session_budget_usd: lots }", "'limits.session_budget_usd': 'lots'")]
    public void Bad_budgets_are_refused_naming_the_key(string yaml, string expected)
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
