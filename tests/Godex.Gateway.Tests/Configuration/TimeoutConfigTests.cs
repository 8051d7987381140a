using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>The per-provider answer timeouts: read as positive whole seconds, refused with the key's name otherwise.</summary>
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

        Assert.Equal(20, provider.FirstTokenTimeoutSeconds);
        Assert.Equal(60, provider.IdleTimeoutSeconds);
        Assert.Equal(300, provider.TimeoutSeconds);
    }

    [Theory]
    [InlineData("first_token_timeout_seconds", "0")]
    [InlineData("idle_timeout_seconds", "soon")]
    [InlineData("idle_timeout_seconds", "-5")]
    public void A_timeout_that_is_not_a_positive_whole_number_names_its_key(string key, string value)
    {
        var message = Yaml.Error(Provider + $"\n    {key}: {value}");

        Assert.Contains($"'providers.ds.{key}': '{value}' is not a positive whole number.", message, StringComparison.Ordinal);
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
