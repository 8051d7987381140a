namespace Godex.Gateway.Tests.Configuration;

/// <summary>The claude-code-cli provider's keys: read with ${VAR} interpolation, checked, and refused where they do not apply.</summary>
public sealed class ClaudeCodeCliConfigTests
{
    [Fact]
    public void Command_args_env_timeout_and_concurrency_are_read()
    {
        var provider = Yaml.Load("""
            providers:
              cc:
                type: claude-code-cli
                command: /opt/claude/bin/claude
                args: [ "--fallback-model", "haiku" ]
                env: { ANTHROPIC_BASE_URL: "${BASE}" }
                timeout_seconds: 120
                max_concurrency: 2
            """, ("BASE", "http://127.0.0.1:9")).Providers["cc"];

        Assert.Equal("/opt/claude/bin/claude", provider.Command);
        Assert.Equal(["--fallback-model", "haiku"], provider.Args);
        Assert.Equal("http://127.0.0.1:9", provider.Environment["ANTHROPIC_BASE_URL"]);
        Assert.Equal((120.0, 2), (provider.TimeoutSeconds, provider.MaxConcurrency));
    }

    [Fact]
    public void A_base_url_is_refused_with_the_way_to_point_the_cli_elsewhere()
    {
        var message = Yaml.Error("""
            providers:
              cc:
                type: claude-code-cli
                base_url: http://127.0.0.1:9
            """);

        Assert.Contains("'providers.cc.base_url': does not apply to type claude-code-cli", message, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_BASE_URL", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_concurrency_is_refused()
    {
        var message = Yaml.Error("""
            providers:
              cc:
                type: claude-code-cli
                max_concurrency: 0
            """);

        Assert.Contains("'providers.cc.max_concurrency': '0' is not a positive whole number.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_keys_on_an_http_provider_are_refused()
    {
        var message = Yaml.Error("""
            providers:
              local:
                type: openai
                base_url: http://127.0.0.1:8000/v1
                command: claude
            """);

        Assert.Contains("'providers.local.command': applies only to type claude-code-cli", message, StringComparison.Ordinal);
    }
}
