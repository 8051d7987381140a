using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>auth_path, token_url and allow_refresh: read, checked, printed, and overridden by --auth-path / --allow-refresh.</summary>
public sealed class SubscriptionConfigTests
{
    private const string Subscriptions = """
        providers:
          codex:
            type: codex
            auth_path: /home/me/.codex/auth.json
            token_url: https://user:secret@auth.example.com/oauth/token
          claude:
            type: claude-code
            allow_refresh: false
          local:
            type: openai
            base_url: http://127.0.0.1:8000/v1
        """;

    [Fact]
    public void Subscription_settings_are_read_per_provider()
    {
        var config = Yaml.Load(Subscriptions);

        Assert.Equal("/home/me/.codex/auth.json", config.Providers["codex"].AuthPath);
        Assert.Equal("https://user:secret@auth.example.com/oauth/token", config.Providers["codex"].TokenUrl);
        Assert.Null(config.Providers["codex"].AllowRefresh);
        Assert.False(config.Providers["claude"].AllowRefresh);
    }

    [Fact]
    public void Subscription_settings_on_a_provider_with_an_api_key_are_refused_at_their_line()
    {
        var message = Yaml.Error("""
            providers:
              local:
                type: openai
                base_url: http://127.0.0.1:8000/v1
                auth_path: ~/.codex/auth.json
            """);

        Assert.Equal("godex.yaml:5:16: 'providers.local.auth_path': applies only to subscription logins (type codex, claude-code, gemini-cli, antigravity), not to type openai.", message);
    }

    [Fact]
    public void An_api_key_on_a_subscription_provider_is_refused_naming_the_login()
    {
        var message = Yaml.Error("""
            providers:
              codex:
                type: codex
                api_key: sk-123
            """);

        Assert.Equal("godex.yaml:4:14: 'providers.codex.api_key': is not used by type codex: it signs in with the login `codex login` saves (auth_path, default ~/.codex/auth.json).", message);
    }

    [Fact]
    public void A_token_url_must_be_an_absolute_http_url()
    {
        var message = Yaml.Error("""
            providers:
              claude:
                type: claude-code
                token_url: platform.claude.com/v1/oauth/token
            """);

        Assert.Equal("godex.yaml:4:16: 'providers.claude.token_url': 'platform.claude.com/v1/oauth/token' is not an absolute http(s) URL.", message);
    }

    [Fact]
    public void Codex_cannot_be_stateful_as_its_backend_keeps_no_responses()
    {
        var message = Yaml.Error("""
            providers:
              codex:
                type: codex
                stateful: true
            """);

        Assert.Equal("godex.yaml:4:15: 'providers.codex.stateful': type codex keeps no responses (it takes only store: false), so it is always sent the whole conversation.", message);
    }

    [Fact]
    public void Config_print_shows_the_settings_with_the_token_urls_credentials_redacted()
    {
        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), Yaml.Load(Subscriptions), _ => null));

        Assert.Contains("auth_path: /home/me/.codex/auth.json", printed, StringComparison.Ordinal);
        Assert.Contains("token_url: https://<redacted>@auth.example.com/oauth/token", printed, StringComparison.Ordinal);
        Assert.Contains("allow_refresh: false", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_refresh_flag_applies_to_every_subscription_provider_and_a_bare_auth_path_to_codex()
    {
        var options = ServeOptionsResolver.Resolve(new ServeFlags { AllowRefresh = true, AuthPath = ["/tmp/codex.json", "claude=/tmp/claude.json"] }, Yaml.Load(Subscriptions), _ => null);

        var providers = options.Config.Providers;
        Assert.True(providers["codex"].AllowRefresh);
        Assert.True(providers["claude"].AllowRefresh);
        Assert.Null(providers["local"].AllowRefresh);
        Assert.Equal("/tmp/codex.json", providers["codex"].AuthPath);
        Assert.Equal("/tmp/claude.json", providers["claude"].AuthPath);
    }

    [Fact]
    public void Subscription_flags_come_from_the_environment_when_not_given()
    {
        var environment = new Dictionary<string, string> { ["GODEX_PROXY_ALLOW_REFRESH"] = "1", ["GODEX_PROXY_AUTH_PATH"] = "/env/auth.json" };

        var options = ServeOptionsResolver.Resolve(new ServeFlags(), Yaml.Load(Subscriptions), environment.GetValueOrDefault);

        Assert.True(options.Config.Providers["codex"].AllowRefresh);
        Assert.Equal("/env/auth.json", options.Config.Providers["codex"].AuthPath);
    }

    [Fact]
    public void An_auth_path_for_a_provider_without_a_login_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => ServeOptionsResolver.Resolve(new ServeFlags { AuthPath = ["local=/tmp/x.json"] }, Yaml.Load(Subscriptions), _ => null));
        var noCodex = Assert.Throws<ConfigException>(() => ServeOptionsResolver.Resolve(new ServeFlags { AuthPath = ["/tmp/x.json"] }, Yaml.Load("providers: { claude: { type: claude-code } }"), _ => null));

        Assert.Equal("--auth-path local=/tmp/x.json: provider 'local' (type openai) does not sign in with a subscription login.", error.Message);
        Assert.Equal("--auth-path /tmp/x.json: no provider of type codex is configured; name the provider with --auth-path NAME=PATH.", noCodex.Message);
    }
}
