using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>The per-provider answer timeouts: read as positive seconds (a fraction allowed), refused with the key's name otherwise.</summary>
public sealed class TimeoutConfigTests
{
    private const string Provider = """
        providers:
          ds:
            type: openai
            base_url: http://127.0.0.1:8000/v1
        """;

    [Fact]
    public void First_token_and_idle_timeouts_are_read_per_provider()
    {
        var provider = Yaml.Load(Provider + "\n    first_token_timeout_seconds: 20\n    idle_timeout_seconds: 60\n    timeout_seconds: 300").Providers["ds"];

        Assert.Equal(20.0, provider.FirstTokenTimeoutSeconds);
        Assert.Equal(60.0, provider.IdleTimeoutSeconds);
        Assert.Equal(300.0, provider.TimeoutSeconds);
    }

    [Fact]
    public void A_timeout_may_be_a_fraction_of_a_second()
    {
        var provider = Yaml.Load(Provider + "\n    first_token_timeout_seconds: 0.25\n    timeout_seconds: 1.5").Providers["ds"];

        Assert.Equal((0.25, 1.5), (provider.FirstTokenTimeoutSeconds, provider.TimeoutSeconds));
    }

    [Theory]
    [InlineData("first_token_timeout_seconds", "0")]
    [InlineData("timeout_seconds", "Infinity")]
    [InlineData("idle_timeout_seconds", "soon")]
    [InlineData("idle_timeout_seconds", "-5")]
    public void A_timeout_that_is_not_a_positive_number_of_seconds_names_its_key(string key, string value)
    {
        var message = Yaml.Error(Provider + $"\n    {key}: {value}");

        Assert.Contains($"'providers.ds.{key}': '{value}' is not a positive number of seconds.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_printed_config_shows_the_timeouts()
    {
        var config = Yaml.Load(Provider + "\n    first_token_timeout_seconds: 20\n    idle_timeout_seconds: 60");

        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), config, _ => null));

        Assert.Contains("first_token_timeout_seconds: 20", printed, StringComparison.Ordinal);
        Assert.Contains("idle_timeout_seconds: 60", printed, StringComparison.Ordinal);
    }
}
