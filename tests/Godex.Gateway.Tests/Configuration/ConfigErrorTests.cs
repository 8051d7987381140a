using Godex.Gateway.Configuration;
namespace Godex.Gateway.Tests.Configuration;

/// <summary>Every configuration error names the file, line, column and key path.</summary>
public sealed class ConfigErrorTests
{
    private const string OpenAIProvider = """
        providers:
          local:
            type: openai
            base_url: http://127.0.0.1:8000/v1
        """;

    [Fact]
    public void Unknown_top_level_key_is_reported_at_its_line()
    {
        var message = Yaml.Error("""
            listen: 127.0.0.1:39001
            listen_address: 0.0.0.0:1
            """);

        Assert.StartsWith("godex.yaml:2:1: 'listen_address': unknown key; expected one of listen,", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_provider_key_is_reported_with_its_full_path()
    {
        var message = Yaml.Error(OpenAIProvider + "\n    apikey: sk-123");

        Assert.StartsWith("godex.yaml:5:5: 'providers.local.apikey': unknown key; expected one of type, base_url, api_key,", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_routing_key_is_reported_with_its_full_path()
    {
        var message = Yaml.Error("routing:\n  fallback: mock");

        Assert.StartsWith("godex.yaml:2:3: 'routing.fallback': unknown key", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scalar_where_a_list_is_expected_is_a_type_error()
    {
        var message = Yaml.Error("keys: sk-abc");

        Assert.Equal("godex.yaml:1:7: 'keys': must be a list ([a, b] or '- item' lines).", message);
    }

    [Fact]
    public void List_where_a_single_value_is_expected_is_a_type_error()
    {
        var message = Yaml.Error(OpenAIProvider.Replace("type: openai", "type: [ openai ]", StringComparison.Ordinal));

        Assert.StartsWith("godex.yaml:3:11: 'providers.local.type': must be a single value", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numeric_timeout_is_a_type_error()
    {
        var message = Yaml.Error(OpenAIProvider + "\n    timeout_seconds: soon");

        Assert.Equal("godex.yaml:5:22: 'providers.local.timeout_seconds': 'soon' is not a positive number of seconds.", message);
    }

    [Fact]
    public void Non_boolean_flag_is_a_type_error()
    {
        var message = Yaml.Error("allow_any_key: maybe");

        Assert.Equal("godex.yaml:1:16: 'allow_any_key': 'maybe' is not true or false.", message);
    }

    [Fact]
    public void Unknown_provider_type_lists_the_available_types()
    {
        var message = Yaml.Error("providers:\n  x:\n    type: telepathy");

        Assert.Equal($"godex.yaml:3:11: 'providers.x.type': type 'telepathy' is not one of {string.Join(", ", ProviderTypes.Known)}.", message);
        Assert.Contains("openai, openai-responses, anthropic, gemini, mock, gemini-openai, deepseek, xiaomi, zhipu", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_without_a_type_is_an_error()
    {
        var message = Yaml.Error("providers:\n  local:\n    base_url: http://127.0.0.1:8000/v1");

        Assert.StartsWith("godex.yaml:3:5: 'providers.local.type': is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenAI_provider_without_base_url_is_an_error()
    {
        var message = Yaml.Error("providers:\n  local:\n    type: openai");

        Assert.StartsWith("godex.yaml:3:5: 'providers.local.base_url': is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://files.example.com/v1")]
    [InlineData("localhost:8000/v1")]
    [InlineData("/v1")]
    public void Base_url_must_be_an_absolute_http_url(string url)
    {
        var message = Yaml.Error(OpenAIProvider.Replace("http://127.0.0.1:8000/v1", url, StringComparison.Ordinal));

        Assert.Equal($"godex.yaml:4:15: 'providers.local.base_url': '{url}' is not an absolute http(s) URL.", message);
    }

    [Fact]
    public void Bad_max_tokens_field_is_an_error()
    {
        var message = Yaml.Error(OpenAIProvider + "\n    max_tokens_field: tokens");

        Assert.StartsWith("godex.yaml:5:23: 'providers.local.max_tokens_field':", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Local")]
    [InlineData("my provider")]
    [InlineData("..")]
    [InlineData("a.b")]
    public void Provider_name_outside_the_url_safe_alphabet_is_an_error(string name)
    {
        var message = Yaml.Error($"providers:\n  \"{name}\":\n    type: mock");

        Assert.StartsWith($"godex.yaml:2:3: 'providers.{name}': provider names use lower-case letters", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_default_naming_an_unknown_provider_is_an_error()
    {
        var message = Yaml.Error(OpenAIProvider + "\nrouting:\n  default: cloud");

        Assert.Equal("godex.yaml:6:12: 'routing.default': names provider 'cloud', which is not under 'providers'.", message);
    }

    [Fact]
    public void Routing_pattern_for_an_unknown_provider_is_an_error()
    {
        var message = Yaml.Error(OpenAIProvider + "\nrouting:\n  patterns:\n    cloud: [ gpt- ]");

        Assert.StartsWith("godex.yaml:7:12: 'routing.patterns.cloud':", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("local/")]
    [InlineData("/llama")]
    public void Alias_that_is_not_provider_slash_model_is_an_error(string target)
    {
        var message = Yaml.Error(OpenAIProvider + $"\nrouting:\n  aliases:\n    fast: \"{target}\"");

        Assert.Equal($"godex.yaml:7:11: 'routing.aliases.fast': '{target}' must be provider/model.", message);
    }

    [Fact]
    public void Alias_naming_an_unknown_provider_is_an_error()
    {
        var message = Yaml.Error(OpenAIProvider + "\nrouting:\n  aliases:\n    fast: cloud/gpt-5");

        Assert.Equal("godex.yaml:7:11: 'routing.aliases.fast': names provider 'cloud', which is not under 'providers'.", message);
    }

    [Theory]
    [InlineData("somewhere")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("example.com:80")]
    public void Bad_listen_address_is_an_error(string listen)
    {
        var message = Yaml.Error($"log_level: info\nlisten: {listen}");

        Assert.StartsWith("godex.yaml:2:9: 'listen':", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_log_level_lists_the_known_levels()
    {
        var message = Yaml.Error("log_level: loud");

        Assert.Equal("godex.yaml:1:12: 'log_level': 'loud' is not one of trace, debug, info, warn, error, none.", message);
    }

    [Fact]
    public void Invalid_yaml_syntax_is_reported_with_its_position()
    {
        var message = Yaml.Error("listen: 127.0.0.1:39001\nlog_level: info: x\n");

        Assert.Equal("godex.yaml:2:16: not valid YAML: While scanning a plain scalar value, found invalid mapping.", message);
    }

    [Fact]
    public void Unterminated_quote_is_invalid_yaml_at_the_quote()
    {
        var message = Yaml.Error("listen: 127.0.0.1:1\nproviders:\n  mock:\n    type: 'mock\n");

        Assert.StartsWith("godex.yaml:4:11: not valid YAML:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_flow_list_followed_by_more_lines_is_invalid_yaml_not_a_crash()
    {
        var message = Yaml.Error("listen: 127.0.0.1:39001\nkeys: [ a, b\nlog_level: info\n");

        Assert.StartsWith("godex.yaml:2:9: not valid YAML:", message, StringComparison.Ordinal);
        Assert.Contains("unclosed '['", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_is_invalid_yaml()
    {
        var message = Yaml.Error("listen: 127.0.0.1:1\nlisten: 127.0.0.1:2");

        Assert.StartsWith("godex.yaml:2:1: not valid YAML:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Top_level_list_is_not_a_configuration()
    {
        var message = Yaml.Error("- listen");

        Assert.StartsWith("godex.yaml:1:1: '(top level)': must be a mapping", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-5MiB")]
    [InlineData("99999999999999GiB")]
    public void Bad_max_body_bytes_is_an_error(string size)
    {
        var message = Yaml.Error($"limits:\n  max_body_bytes: {size}");

        Assert.Equal("godex.yaml:2:19: 'limits.max_body_bytes': must be a positive size in bytes, e.g. 33554432 or 32MiB.", message);
    }

    [Fact]
    public void Unterminated_variable_is_an_error_at_the_value()
    {
        var message = Yaml.Error("default_model: mock\nlisten: ${GODEX_LISTEN");

        Assert.Equal("godex.yaml:2:9: 'listen': '${' at position 0 has no closing '}'.", message);
    }

    [Fact]
    public void Empty_variable_name_is_an_error_at_the_value()
    {
        var message = Yaml.Error("keys: [ \"x${}\" ]");

        Assert.Equal("godex.yaml:1:9: 'keys': '${}' at position 1 names no variable.", message);
    }
}
