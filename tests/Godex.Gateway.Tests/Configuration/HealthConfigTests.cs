using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>`routing.health` and the object form of `routing.fallbacks` entries, read and refused with the key's name.</summary>
public sealed class HealthConfigTests
{
    private const string Providers = """
        providers:
          ds: { type: openai, base_url: "http://127.0.0.1:8000/v1" }
          big: { type: openai, base_url: "http://127.0.0.1:8001/v1" }
        routing:
        """;

    [Fact]
    public void Health_is_read_and_defaults_to_a_minute_ten_requests_half_failing_and_30_s_out()
    {
        var health = Yaml.Load(Providers + "\n  health: { window_seconds: 120, min_requests: 20, max_failure_rate: 0.25, ejection_seconds: 90 }").Routing.Health;
        var defaults = Yaml.Load(Providers + "\n  default: ds").Routing.Health;

        Assert.Equal(new HealthConfig { WindowSeconds = 120, MinRequests = 20, MaxFailureRate = 0.25, EjectionSeconds = 90 }, health);
        Assert.Equal(new HealthConfig { WindowSeconds = 60, MinRequests = 10, MaxFailureRate = 0.5, EjectionSeconds = 30 }, defaults);
    }

    [Theory]
    [InlineData("max_failure_rate: 1.5", "'routing.health.max_failure_rate': '1.5' is not a probability between 0 and 1.")]
    [InlineData("min_requests: 0", "'routing.health.min_requests': '0' is not a positive whole number.")]
    [InlineData("window_seconds: 7200", "'routing.health.window_seconds': must be at most 3600")]
    [InlineData("window: 60", "'routing.health.window': unknown key; expected one of window_seconds, min_requests, max_failure_rate, ejection_seconds.")]
    public void Bad_health_settings_name_their_key(string setting, string expected) =>
        Assert.Contains(expected, Yaml.Error(Providers + $"\n  health: {{ {setting} }}"), StringComparison.Ordinal);

    [Fact]
    public void A_fallback_entry_may_be_an_object_kept_for_context_window_errors_beside_plain_ones()
    {
        var fallbacks = Yaml.Load(Providers + """

              fallbacks:
                "ds/deepseek-chat": [ big/plain, { to: big/large, on: context_window }, { to: big } ]
                flash: ds/deepseek-chat
            """).Routing.Fallbacks;

        Assert.Equal([new FallbackTarget("big/plain"), new FallbackTarget("big/large", FallbackOn.ContextWindow), new FallbackTarget("big")], fallbacks["ds/deepseek-chat"]);
        Assert.Equal([new FallbackTarget("ds/deepseek-chat")], fallbacks["flash"]);
    }

    [Theory]
    [InlineData("{ on: context_window }", "'routing.fallbacks.ds/m': an entry given as an object needs 'to'")]
    [InlineData("{ to: big/large, on: overload }", "'routing.fallbacks.ds/m.on': 'overload' is not a failure a fallback is tried for (one of failure, context_window).")]
    [InlineData("{ to: big/large, when: context_window }", "'routing.fallbacks.ds/m.when': unknown key; expected one of to, on.")]
    [InlineData("{ to: nowhere/large, on: context_window }", "names provider 'nowhere', which is not under 'providers'.")]
    public void A_bad_fallback_object_names_its_key(string entry, string expected) =>
        Assert.Contains(expected, Yaml.Error(Providers + $"\n  fallbacks:\n    \"ds/m\": [ {entry} ]"), StringComparison.Ordinal);
}
