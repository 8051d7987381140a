using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>`shutdown_timeout` and `watch_config`: how the process stops and whether the file is watched.</summary>
public sealed class ShutdownConfigTests
{
    [Fact]
    public void Without_the_keys_shutdown_waits_30_seconds_and_the_file_is_watched()
    {
        var config = Yaml.Load("providers: { mock: { type: mock } }");

        Assert.Equal((TimeSpan.FromSeconds(30), true), (config.ShutdownTimeout, config.WatchConfig));
    }

    [Fact]
    public void Both_keys_are_read()
    {
        var config = Yaml.Load("shutdown_timeout: 2m\nwatch_config: false\nproviders: { mock: { type: mock } }");

        Assert.Equal((TimeSpan.FromMinutes(2), false), (config.ShutdownTimeout, config.WatchConfig));
    }

    [Fact]
    public void A_shutdown_timeout_that_is_not_a_duration_names_the_key()
    {
        var message = Yaml.Error("shutdown_timeout: soon");

        Assert.Contains("'shutdown_timeout'", message, StringComparison.Ordinal);
        Assert.Contains("'soon' is not a duration", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_printed_config_shows_both()
    {
        var printed = ConfigPrinter.Print(new ServeOptions { Config = Yaml.Load("shutdown_timeout: 90s\nwatch_config: false") });

        Assert.Contains("shutdown_timeout: 90s", printed, StringComparison.Ordinal);
        Assert.Contains("watch_config: false", printed, StringComparison.Ordinal);
    }
}
