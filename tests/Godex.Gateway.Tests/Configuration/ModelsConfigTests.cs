using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class ModelsConfigTests
{
    [Fact]
    public void Models_section_sets_discovery_ttl_and_timeout_with_defaults_of_five_minutes_and_ten_seconds()
    {
        var config = Yaml.Load("models: { discovery_ttl: 30m, discovery_timeout: 3s }");

        Assert.Equal(TimeSpan.FromMinutes(30), config.Models.DiscoveryTtl);
        Assert.Equal(TimeSpan.FromSeconds(3), config.Models.DiscoveryTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), Yaml.Load("log_level: info").Models.DiscoveryTtl);
        Assert.Equal(TimeSpan.FromSeconds(10), Yaml.Load("log_level: info").Models.DiscoveryTimeout);
        Assert.Null(Yaml.Load("log_level: info").Models.CodexInstructions);
    }

    [Fact]
    public void Providers_discover_models_unless_told_not_to()
    {
        var config = Yaml.Load("""
            providers:
              a: { type: openai, base_url: "http://127.0.0.1:1/v1" }
              b: { type: openai, base_url: "http://127.0.0.1:1/v1", discover_models: false }
            """);

        Assert.True(config.Providers["a"].DiscoverModels);
        Assert.False(config.Providers["b"].DiscoverModels);
    }

    [Fact]
    public void Codex_instructions_file_is_read_relative_to_the_config_file()
    {
        var folder = Directory.CreateTempSubdirectory("godex-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "codex.md"), "Be brief.");
            var config = Yaml.Loader().Load("models: { codex_instructions_file: codex.md }", Path.Combine(folder, "godex.yaml"));

            Assert.Equal("codex.md", config.Models.CodexInstructionsFile);
            Assert.Equal("Be brief.", config.Models.CodexInstructions);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("models:\n  discovery_ttl: soon", "godex.yaml:2:18: 'models.discovery_ttl': 'soon' is not a duration")]
    [InlineData("models:\n  discovery_timeout: 0", "godex.yaml:2:22: 'models.discovery_timeout': '0' is not a duration")]
    [InlineData("models:\n  ttl: 5m", "godex.yaml:2:3: 'models.ttl': unknown key")]
    [InlineData("models:\n  codex_instructions_file: /no/such/file.md", "godex.yaml:2:28: 'models.codex_instructions_file': cannot read '/no/such/file.md'")]
    [InlineData("providers:\n  a: { type: openai, base_url: \"http://h/v1\", discover_models: maybe }", "godex.yaml:2:64: 'providers.a.discover_models': 'maybe' is not true or false.")]
    public void Bad_models_values_name_the_line_and_key(string yaml, string expected)
    {
        Assert.StartsWith(expected, Yaml.Error(yaml), StringComparison.Ordinal);
    }
}
