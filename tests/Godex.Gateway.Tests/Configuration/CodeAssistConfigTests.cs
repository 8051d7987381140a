namespace Godex.Gateway.Tests.Configuration;

/// <summary>The gemini-cli and antigravity keys: auth_path, token_url, project, hosts.</summary>
public sealed class CodeAssistConfigTests
{
    [Fact]
    public void Gemini_cli_takes_its_keys_and_needs_no_auth_path()
    {
        var config = Yaml.Load("""
            providers:
              gca:
                type: gemini-cli
                project: my-project
                token_url: http://127.0.0.1:9/token
                hosts: [ "http://127.0.0.1:8/" ]
            """);

        var provider = config.Providers["gca"];
        Assert.Equal("my-project", provider.Project);
        Assert.Equal("http://127.0.0.1:9/token", provider.TokenUrl);
        Assert.Equal(["http://127.0.0.1:8/"], provider.Hosts);
        Assert.Null(provider.AuthPath);
    }

    [Fact]
    public void Antigravity_without_auth_path_is_an_error_saying_what_the_file_holds()
    {
        var message = Yaml.Error("""
            providers:
              ag: { type: antigravity }
            """);

        Assert.Contains("'providers.ag.auth_path': is required for type antigravity", message, StringComparison.Ordinal);
        Assert.Contains("refresh_token", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_that_is_not_an_http_url_is_an_error()
    {
        var message = Yaml.Error("""
            providers:
              ag: { type: antigravity, auth_path: /tmp/x.json, hosts: [ "cloudcode-pa.googleapis.com" ] }
            """);

        Assert.Contains("'providers.ag.hosts': 'cloudcode-pa.googleapis.com' is not an absolute http(s) URL.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Project_on_another_type_is_an_error()
    {
        var message = Yaml.Error("""
            providers:
              local: { type: openai, base_url: "http://127.0.0.1:8000/v1", project: p }
            """);

        Assert.Contains("'providers.local.project': applies to types gemini-cli and antigravity only.", message, StringComparison.Ordinal);
    }
}
