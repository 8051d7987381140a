using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>`providers.X.fault`: read as written, every bad value refused with its key path.</summary>
public sealed class FaultConfigTests
{
    private static string Provider(string fault) => $$"""
        providers:
          m:
            type: mock
            fault: {{fault}}
        """;

    [Fact]
    public void Every_field_is_read()
    {
        var fault = Yaml.Load(Provider("{ p_error: 0.2, status: 529, reset_after_events: 3, delay_ms: 500, malformed: true, error_in_200: true, seed: 7 }")).Providers["m"].Fault;

        Assert.Equal(new FaultConfig { PError = 0.2, Status = 529, ResetAfterEvents = 3, DelayMs = 500, Malformed = true, ErrorIn200 = true, Seed = 7 }, fault);
    }

    [Fact]
    public void Zero_is_a_valid_count_and_delay_and_unset_fields_keep_their_defaults()
    {
        var fault = Yaml.Load(Provider("{ reset_after_events: 0, delay_ms: 0 }")).Providers["m"].Fault;

        Assert.Equal(new FaultConfig { ResetAfterEvents = 0 }, fault);
    }

    [Fact]
    public void A_provider_without_fault_has_none() =>
        Assert.Null(Yaml.Load("providers:\n  m: { type: mock }").Providers["m"].Fault);

    [Theory]
    [InlineData("{ p_error: 1.5 }", "'providers.m.fault.p_error': '1.5' is not a probability between 0 and 1.")]
    [InlineData("{ p_error: -0.1 }", "'providers.m.fault.p_error': '-0.1' is not a probability between 0 and 1.")]
    [InlineData("{ p_error: often }", "'providers.m.fault.p_error': 'often' is not a probability")]
    [InlineData("{ status: 200 }", "'providers.m.fault.status': '200' is not an error status (400-599).")]
    [InlineData("{ status: 600 }", "'providers.m.fault.status': '600' is not an error status (400-599).")]
    [InlineData("{ reset_after_events: -1 }", "'providers.m.fault.reset_after_events': '-1' is not a whole number of 0 or more.")]
    [InlineData("{ delay_ms: 1.5 }", "'providers.m.fault.delay_ms': '1.5' is not a whole number of 0 or more.")]
    [InlineData("{ malformed: maybe }", "'providers.m.fault.malformed': 'maybe' is not true or false.")]
    [InlineData("{ p_eror: 0.2 }", "'providers.m.fault.p_eror': unknown key; expected one of p_error, status, reset_after_events, delay_ms, malformed, error_in_200, seed.")]
    [InlineData("529", "'providers.m.fault': must be a mapping")]
    public void Bad_values_are_refused_naming_the_key(string fault, string expected)
    {
        var message = Yaml.Error(Provider(fault));

        Assert.StartsWith("godex.yaml:4:", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_print_shows_the_fault_as_configured()
    {
        var config = Yaml.Load(Provider("{ status: 529, reset_after_events: 3 }"));

        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), config, _ => null));

        Assert.Contains("    fault:\n      p_error: 1\n      status: 529\n      reset_after_events: 3\n      delay_ms: 0\n      malformed: false\n", printed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
