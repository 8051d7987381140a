using Godex.Gateway.Configuration;
using Godex.Gateway.Tests.Configuration;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Tests.Hosting;

public sealed class ServeOptionsResolverTests
{
    private static readonly ServeFlags NoFlags = new();

    private static readonly GodexConfig FileConfig = Yaml.Load("""
        listen: 127.0.0.1:5000
        keys: [ config-key ]
        allow_any_key: false
        default_model: config-model
        log_level: error
        log_requests: false
        limits: { max_body_bytes: 1MiB }
        """);

    private static ServeOptions Resolve(ServeFlags flags, GodexConfig config, params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(variable => variable.Name, variable => variable.Value);
        return ServeOptionsResolver.Resolve(flags, config, name => environment.GetValueOrDefault(name));
    }

    [Fact]
    public void Nothing_given_resolves_to_the_defaults()
    {
        var options = Resolve(NoFlags, new GodexConfig());

        Assert.Equal("127.0.0.1:39001", options.Listen.ToString());
        Assert.Empty(options.ApiKeys);
        Assert.False(options.AllowAnyKey);
        Assert.Null(options.DefaultModel);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.False(options.LogRequests);
        Assert.Equal(32L * 1024 * 1024, options.MaxBodyBytes);
    }

    [Fact]
    public void Config_file_values_apply_when_no_flag_or_variable_is_given()
    {
        var options = Resolve(NoFlags, FileConfig);

        Assert.Equal("127.0.0.1:5000", options.Listen.ToString());
        Assert.Equal(["config-key"], options.ApiKeys);
        Assert.Equal("config-model", options.DefaultModel);
        Assert.Equal(LogLevel.Error, options.LogLevel);
        Assert.Equal(1024 * 1024, options.MaxBodyBytes);
        Assert.Same(FileConfig, options.Config);
    }

    [Fact]
    public void Environment_beats_config_file()
    {
        var options = Resolve(NoFlags, FileConfig,
            ("GODEX_PROXY_LISTEN", "127.0.0.1:6000"),
            ("GODEX_PROXY_API_KEY", "env-a, env-b,,"),
            ("GODEX_PROXY_ALLOW_ANY_KEY", "yes"),
            ("GODEX_PROXY_MODEL", "env-model"),
            ("GODEX_PROXY_LOG_LEVEL", "warn"),
            ("GODEX_PROXY_LOG_REQUESTS", "TRUE"));

        Assert.Equal("127.0.0.1:6000", options.Listen.ToString());
        Assert.Equal(["env-a", "env-b"], options.ApiKeys);
        Assert.True(options.AllowAnyKey);
        Assert.Equal("env-model", options.DefaultModel);
        Assert.Equal(LogLevel.Warning, options.LogLevel);
        Assert.True(options.LogRequests);
    }

    [Fact]
    public void Flags_beat_environment()
    {
        var flags = new ServeFlags
        {
            Listen = "[::1]:7000",
            ApiKey = "flag-key",
            AllowAnyKey = false,
            Model = "flag-model",
            LogLevel = "debug",
            LogRequests = false,
        };

        var options = Resolve(flags, FileConfig,
            ("GODEX_PROXY_LISTEN", "127.0.0.1:6000"),
            ("GODEX_PROXY_API_KEY", "env-a"),
            ("GODEX_PROXY_ALLOW_ANY_KEY", "1"),
            ("GODEX_PROXY_MODEL", "env-model"),
            ("GODEX_PROXY_LOG_LEVEL", "warn"),
            ("GODEX_PROXY_LOG_REQUESTS", "on"));

        Assert.Equal("[::1]:7000", options.Listen.ToString());
        Assert.Equal(["flag-key"], options.ApiKeys);
        Assert.False(options.AllowAnyKey);
        Assert.Equal("flag-model", options.DefaultModel);
        Assert.Equal(LogLevel.Debug, options.LogLevel);
        Assert.False(options.LogRequests);
    }

    [Fact]
    public void Config_booleans_apply_when_no_flag_or_variable_is_given()
    {
        var options = Resolve(NoFlags, Yaml.Load("allow_any_key: true\nlog_requests: yes"));

        Assert.True(options.AllowAnyKey);
        Assert.True(options.LogRequests);
    }

    [Fact]
    public void Empty_environment_variable_counts_as_unset()
    {
        var options = Resolve(NoFlags, FileConfig, ("GODEX_PROXY_LISTEN", ""), ("GODEX_PROXY_API_KEY", ""), ("GODEX_PROXY_ALLOW_ANY_KEY", ""));

        Assert.Equal("127.0.0.1:5000", options.Listen.ToString());
        Assert.Equal(["config-key"], options.ApiKeys);
        Assert.False(options.AllowAnyKey);
    }

    [Theory]
    [InlineData("GODEX_PROXY_ALLOW_ANY_KEY")]
    [InlineData("GODEX_PROXY_LOG_REQUESTS")]
    public void Invalid_boolean_variable_throws_ConfigException_naming_it(string variable)
    {
        var error = Assert.Throws<ConfigException>(() => Resolve(NoFlags, new GodexConfig(), (variable, "maybe")));

        Assert.Equal($"{variable}='maybe' is not true or false.", error.Message);
    }

    [Fact]
    public void Invalid_listen_variable_throws_ConfigException()
    {
        var error = Assert.Throws<ConfigException>(() => Resolve(NoFlags, new GodexConfig(), ("GODEX_PROXY_LISTEN", "everywhere")));

        Assert.StartsWith("listen: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_log_level_flag_throws_ConfigException()
    {
        var error = Assert.Throws<ConfigException>(() => Resolve(new ServeFlags { LogLevel = "chatty" }, new GodexConfig()));

        Assert.Contains("'chatty'", error.Message, StringComparison.Ordinal);
    }
}
