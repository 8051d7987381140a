using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class SessionsConfigTests
{
    [Fact]
    public void Sessions_section_sets_retention_depth_and_queue()
    {
        var config = Yaml.Load("sessions: { retention_days: 7, max_chain_depth: 50, queue_capacity: 100 }");

        Assert.Equal(new SessionsConfig { RetentionDays = 7, MaxChainDepth = 50, QueueCapacity = 100 }, config.Sessions);
        Assert.Equal(new SessionsConfig(), Yaml.Load("log_level: info").Sessions);
    }

    [Fact]
    public void Instructions_cache_bounds_take_sizes_and_default_to_64_and_16_mib()
    {
        var config = Yaml.Load("sessions: { instructions_cache_bytes: 256MiB, instructions_cache_bytes_per_key: 1048576 }");

        Assert.Equal((256L * 1024 * 1024, 1024L * 1024), (config.Sessions.InstructionsCacheBytes, config.Sessions.InstructionsCacheBytesPerKey));
        Assert.Equal((64L * 1024 * 1024, 16L * 1024 * 1024), (new SessionsConfig().InstructionsCacheBytes, new SessionsConfig().InstructionsCacheBytesPerKey));
    }

    [Theory]
    [InlineData("sessions:\n  instructions_cache_bytes: 0", "godex.yaml:2:29: 'sessions.instructions_cache_bytes': must be a positive size in bytes")]
    [InlineData("sessions:\n  instructions_cache_bytes_per_key: lots", "godex.yaml:2:37: 'sessions.instructions_cache_bytes_per_key': must be a positive size in bytes")]
    [InlineData("sessions:\n  max_chain_depth: 0", "godex.yaml:2:20: 'sessions.max_chain_depth': '0' is not a positive whole number.")]
    [InlineData("sessions:\n  retention: 3", "godex.yaml:2:3: 'sessions.retention':")]
    public void Bad_sessions_values_name_the_line_and_key(string yaml, string expected)
    {
        Assert.StartsWith(expected, Yaml.Error(yaml), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 6 * 3600)]
    [InlineData(null, "30m", 30 * 60)]
    [InlineData("2d", "30m", 2 * 86400)]
    [InlineData("90", null, 90)]
    [InlineData("01:00:00", null, 3600)]
    public void Cache_ttl_comes_from_the_flag_then_the_environment_then_six_hours(string? flag, string? variable, int seconds)
    {
        var options = ServeOptionsResolver.Resolve(new ServeFlags { CacheTtl = flag }, new GodexConfig(), name => name == "GODEX_PROXY_CACHE_TTL" ? variable : null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.CacheTtl);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5m")]
    [InlineData("0")]
    public void Bad_cache_ttl_is_a_config_error_naming_the_value(string value)
    {
        var exception = Assert.Throws<ConfigException>(() => ServeOptionsResolver.Resolve(new ServeFlags { CacheTtl = value }, new GodexConfig(), _ => null));

        Assert.Contains($"'{value}'", exception.Message, StringComparison.Ordinal);
    }
}
