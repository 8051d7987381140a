using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class ConfigPrinterTests
{
    private static readonly (string, string)[] Secrets =
    [
        ("GODEX_API_KEY", "sk-client-secret-1"),
        ("CLOUD_API_KEY", "sk-cloud-secret-2"),
        ("CLOUD_TOKEN", "bearer-secret-3"),
    ];

    private static string PrintExample()
    {
        var config = Yaml.Load("""
            keys: [ "${GODEX_API_KEY}", literal-secret-4 ]
            providers:
              cloud:
                type: openai
                base_url: https://api.example.com/v1
                api_key: ${CLOUD_API_KEY}
                headers:
                  Authorization: "Bearer ${CLOUD_TOKEN}"
                  x-api-key: header-secret-5
                  X-Title: godex-tests
              mock:
                type: mock
            routing:
              default: cloud
            """, Secrets);
        var options = ServeOptionsResolver.Resolve(new ServeFlags { ApiKey = "flag-secret-6,literal-secret-4" }, config, _ => null);
        return ConfigPrinter.Print(options);
    }

    [Fact]
    public void Printed_config_contains_no_secret()
    {
        var printed = PrintExample();

        foreach (var secret in new[] { "sk-client-secret-1", "sk-cloud-secret-2", "bearer-secret-3", "literal-secret-4", "header-secret-5", "flag-secret-6" })
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Printed_config_shows_redacted_in_place_of_secrets()
    {
        var printed = PrintExample();

        Assert.Contains("api_key: <redacted>", printed, StringComparison.Ordinal);
        Assert.Contains("Authorization: <redacted>", printed, StringComparison.Ordinal);
        Assert.Contains("x-api-key: <redacted>", printed, StringComparison.Ordinal);
        Assert.Equal(5, printed.Split(ConfigPrinter.Redacted).Length - 1);
    }

    [Fact]
    public void Printed_config_keeps_what_is_not_secret()
    {
        var printed = PrintExample();

        Assert.StartsWith("# source: godex.yaml", printed, StringComparison.Ordinal);
        Assert.Contains("listen: 127.0.0.1:39001", printed, StringComparison.Ordinal);
        Assert.Contains("base_url: https://api.example.com/v1", printed, StringComparison.Ordinal);
        Assert.Contains("X-Title: godex-tests", printed, StringComparison.Ordinal);
        Assert.Contains("default: cloud", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:url-secret@proxy.example.com/v1", "https://<redacted>@proxy.example.com/v1")]
    [InlineData("http://url-secret@127.0.0.1:8000/v1", "http://<redacted>@127.0.0.1:8000/v1")]
    [InlineData("http://127.0.0.1:8000/v1?team=a@b", "http://127.0.0.1:8000/v1?team=a@b")]
    public void Printed_config_masks_credentials_in_a_base_url(string baseUrl, string printedUrl)
    {
        var config = Yaml.Load($"providers:\n  proxy:\n    type: openai\n    base_url: {baseUrl}");

        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), config, _ => null));

        Assert.DoesNotContain("url-secret", printed, StringComparison.Ordinal);
        Assert.Contains($"base_url: {printedUrl}\n", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("x-api-key", true)]
    [InlineData("X-Goog-Api-Key", true)]
    [InlineData("X-Auth-Token", true)]
    [InlineData("Cookie", true)]
    [InlineData("X-Title", false)]
    [InlineData("HTTP-Referer", false)]
    public void Secret_headers_are_recognised_by_name(string name, bool secret)
    {
        Assert.Equal(secret, ConfigPrinter.IsSecretHeader(name));
    }

    [Fact]
    public void Admin_keys_from_the_file_and_the_environment_are_printed_redacted()
    {
        var config = Yaml.Load("""
            admin_keys: [ "admin-file-secret-7" ]
            providers: { mock: { type: mock } }
            """, []);
        var options = ServeOptionsResolver.Resolve(new ServeFlags(), config, name => name == "GODEX_ADMIN_KEY" ? "admin-env-secret-8" : null);

        var printed = ConfigPrinter.Print(options);

        Assert.Equal(["admin-file-secret-7", "admin-env-secret-8"], options.AdminKeys);
        Assert.DoesNotContain("admin-file-secret-7", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-env-secret-8", printed, StringComparison.Ordinal);
        Assert.Contains("admin_keys", printed, StringComparison.Ordinal);
    }
}
