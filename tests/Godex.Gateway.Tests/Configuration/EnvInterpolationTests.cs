using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class EnvInterpolationTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["HOST"] = "10.0.0.5",
        ["EMPTY"] = "",
    };

    private static string Expand(string value, List<string>? missing = null) =>
        EnvInterpolation.Expand(value, name => Variables.GetValueOrDefault(name), missing ?? []);

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("${HOST}", "10.0.0.5")]
    [InlineData("http://${HOST}:8000/${HOST}", "http://10.0.0.5:8000/10.0.0.5")]
    [InlineData("${UNSET:-fallback}", "fallback")]
    [InlineData("${UNSET:-}", "")]
    [InlineData("${HOST:-fallback}", "10.0.0.5")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${UNSET:-a:-b}", "a:-b")]
    [InlineData("$$", "$")]
    [InlineData("$${HOST}", "${HOST}")]
    [InlineData("cost: $5", "cost: $5")]
    [InlineData("$HOST", "$HOST")]
    [InlineData("trailing $", "trailing $")]
    public void Expands_variables_defaults_and_escapes(string value, string expected)
    {
        Assert.Equal(expected, Expand(value));
    }

    [Fact]
    public void Unset_variable_without_default_expands_to_nothing_and_is_reported()
    {
        var missing = new List<string>();

        var result = Expand("key-${UNSET}-${HOST}-${EMPTY}", missing);

        Assert.Equal("key--10.0.0.5-", result);
        Assert.Equal(["UNSET", "EMPTY"], missing);
    }

    [Theory]
    [InlineData("${HOST", 0)]
    [InlineData("abc${", 3)]
    [InlineData("${A}${B", 4)]
    public void Unterminated_variable_is_a_format_error_naming_its_position(string value, int position)
    {
        var error = Assert.Throws<FormatException>(() => Expand(value));

        Assert.Equal($"'${{' at position {position} has no closing '}}'.", error.Message);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${:-default}")]
    public void Empty_variable_name_is_a_format_error(string value)
    {
        var error = Assert.Throws<FormatException>(() => Expand(value));

        Assert.Contains("names no variable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_inside_a_flow_mapping_is_read_as_the_value_not_as_braces()
    {
        var config = Yaml.Load("providers:\n  gem-a: { type: gemini, api_key: ${GEMINI_KEY}, base_url: \"https://${HOST:-example.com}/v1\" }\n  ds: { type: deepseek, api_key: k$${LITERAL} }", ("GEMINI_KEY", "g-1"));

        Assert.Equal("g-1", config.Providers["gem-a"].ApiKey);
        Assert.Equal("https://example.com/v1", config.Providers["gem-a"].BaseUrl);
        Assert.Equal("k${LITERAL}", config.Providers["ds"].ApiKey);
    }
}
