using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string FullExample = """
        listen: 127.0.0.1:39001
        keys:
          - ${GODEX_API_KEY}
        providers:
          local:
            type: openai
            base_url: http://127.0.0.1:8000/v1
            api_key: ${LOCAL_API_KEY}
            models: [ llama-3.3-70b ]
        routing:
          default: local
          patterns: { local: [ "llama-", "qwen-*" ] }
          aliases: { fast: local/llama-3.3-70b }
        """;

    [Fact]
    public void Full_example_parses_every_section()
    {
        var config = Yaml.Load(FullExample, ("GODEX_API_KEY", "sk-client"), ("LOCAL_API_KEY", "sk-local"));

        Assert.Equal("127.0.0.1:39001", config.Listen);
        Assert.Equal(["sk-client"], config.Keys);
        var local = Assert.Single(config.Providers).Value;
        Assert.Equal("local", local.Name);
        Assert.Equal(ProviderTypes.OpenAI, local.Type);
        Assert.Equal("http://127.0.0.1:8000/v1", local.BaseUrl);
        Assert.Equal("sk-local", local.ApiKey);
        Assert.Equal(["llama-3.3-70b"], local.Models);
        Assert.Null(local.SkipReason);
        Assert.Equal("local", config.Routing.Default);
        Assert.Equal(["llama-", "qwen-*"], config.Routing.Patterns["local"]);
        Assert.Equal("local/llama-3.3-70b", config.Routing.Aliases["fast"]);
        Assert.Equal(Yaml.File, config.Source);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Variable_is_replaced_by_its_value_inside_a_longer_string()
    {
        var config = Yaml.Load("""
            providers:
              local:
                type: openai
                base_url: http://${LOCAL_HOST}:8000/v1
            """, ("LOCAL_HOST", "10.0.0.5"));

        Assert.Equal("http://10.0.0.5:8000/v1", config.Providers["local"].BaseUrl);
    }

    [Fact]
    public void Default_after_colon_dash_is_used_only_when_the_variable_is_unset()
    {
        const string yaml = "listen: ${GODEX_LISTEN:-127.0.0.1:40000}";

        Assert.Equal("127.0.0.1:40000", Yaml.Load(yaml).Listen);
        Assert.Equal("0.0.0.0:8080", Yaml.Load(yaml, ("GODEX_LISTEN", "0.0.0.0:8080")).Listen);
        Assert.Empty(Yaml.Load(yaml).Warnings);
    }

    [Fact]
    public void Double_dollar_writes_a_literal_dollar()
    {
        var config = Yaml.Load("keys: [ \"pa$$word\" ]");

        Assert.Equal(["pa$word"], config.Keys);
    }

    [Fact]
    public void Unset_client_key_variable_drops_the_key_with_a_warning()
    {
        var config = Yaml.Load("""
            keys:
              - literal-key
              - ${GODEX_API_KEY}
            """);

        Assert.Equal(["literal-key"], config.Keys);
        var warning = Assert.Single(config.Warnings);
        Assert.StartsWith("godex.yaml:3:", warning, StringComparison.Ordinal);
        Assert.Contains("$GODEX_API_KEY", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_api_key_variable_skips_the_provider_with_a_warning()
    {
        var config = Yaml.Load(FullExample, ("GODEX_API_KEY", "sk-client"));

        var local = config.Providers["local"];
        Assert.Equal("$LOCAL_API_KEY is not set", local.SkipReason);
        Assert.Null(local.ApiKey);
        var warning = Assert.Single(config.Warnings);
        Assert.StartsWith("godex.yaml:8:", warning, StringComparison.Ordinal);
        Assert.Contains("'local'", warning, StringComparison.Ordinal);
        Assert.Contains("$LOCAL_API_KEY", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_variable_in_a_header_is_warned_about()
    {
        var config = Yaml.Load("""
            providers:
              local:
                type: openai
                base_url: http://127.0.0.1:8000/v1
                headers: { X-Org: "${ORG_ID}" }
            """);

        Assert.Equal("", config.Providers["local"].Headers["X-Org"]);
        var warning = Assert.Single(config.Warnings);
        Assert.StartsWith("godex.yaml:5:", warning, StringComparison.Ordinal);
        Assert.Contains("$ORG_ID", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("32MiB", 33554432L)]
    [InlineData("1 KiB", 1024L)]
    [InlineData("2GiB", 2147483648L)]
    [InlineData("2MB", 2000000L)]
    [InlineData("4096", 4096L)]
    public void Max_body_bytes_accepts_plain_numbers_and_binary_or_decimal_units(string text, long bytes)
    {
        var config = Yaml.Load($"limits:\n  max_body_bytes: {text}");

        Assert.Equal(bytes, config.Limits.MaxBodyBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing configured yet\n")]
    [InlineData("\n\n")]
    public void Empty_file_gives_the_defaults(string yaml)
    {
        var config = Yaml.Load(yaml);

        Assert.Null(config.Listen);
        Assert.Empty(config.Keys);
        Assert.Empty(config.Providers);
        Assert.Null(config.Routing.Default);
        Assert.Null(config.Limits.MaxBodyBytes);
        Assert.Empty(config.Warnings);
        Assert.Equal(Yaml.File, config.Source);
    }

    [Fact]
    public void Section_left_empty_by_commenting_out_its_entries_counts_as_absent()
    {
        var config = Yaml.Load("""
            keys:
            #  - ${GODEX_API_KEY}
            providers:
              mock:
                type: mock
            routing:
            #  default: mock
            """);

        Assert.Empty(config.Keys);
        Assert.Null(config.Routing.Default);
        Assert.Single(config.Providers);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("yes", true)]
    [InlineData("off", false)]
    [InlineData("FALSE", false)]
    public void Booleans_accept_yaml_spellings_in_any_case(string text, bool expected)
    {
        Assert.Equal(expected, Yaml.Load($"allow_any_key: {text}").AllowAnyKey);
    }

    [Fact]
    public void Loading_twice_with_one_loader_does_not_carry_warnings_over()
    {
        var loader = Yaml.Loader();
        loader.Load("keys: [ \"${MISSING}\" ]", Yaml.File);

        var second = loader.Load("listen: 127.0.0.1:1", Yaml.File);

        Assert.Empty(second.Warnings);
    }
}
