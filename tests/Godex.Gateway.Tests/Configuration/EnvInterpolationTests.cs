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
}
