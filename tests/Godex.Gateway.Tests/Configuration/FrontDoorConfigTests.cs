using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>The request limits, `cors:` and `tls:` as godex.yaml gives them, and what each refuses.</summary>
public sealed class FrontDoorConfigTests
{
    [Fact]
    public void Request_limits_are_read_and_default_when_absent()
    {
        var config = Yaml.Load("""
            limits:
              max_json_depth: 32
              max_tools: 128
              max_messages: 2000
              max_header_bytes: 64KiB
              max_headers: 150
            """);

        Assert.Equal(32, config.Limits.MaxJsonDepth);
        Assert.Equal(128, config.Limits.MaxTools);
        Assert.Equal(2000, config.Limits.MaxMessages);
        Assert.Equal(64 * 1024, config.Limits.MaxHeaderBytes);
        Assert.Equal(150, config.Limits.MaxHeaders);

        var defaults = FrontDoors.RequestLimits.From(ServeOptionsResolver.Resolve(new ServeFlags(), Yaml.Load(""), _ => null));
        Assert.Equal(new FrontDoors.RequestLimits(LimitsConfig.DefaultMaxBodyBytes, 64, 512, 10_000), defaults);
    }

    [Theory]
    [InlineData("limits: { max_json_depth: 0 }", "'limits.max_json_depth': '0' is not a positive whole number")]
    [InlineData("limits: { max_json_depth: 65 }", "'limits.max_json_depth': is at most 64")]
    [InlineData("limits: { max_tools: -3 }", "'limits.max_tools': '-3' is not a positive whole number")]
    [InlineData("limits: { max_messages: 0 }", "'limits.max_messages': '0' is not a positive whole number")]
    [InlineData("limits: { max_messages: many }", "'limits.max_messages': 'many' is not a positive whole number")]
    [InlineData("limits: { max_header_bytes: 0 }", "'limits.max_header_bytes': must be a positive size")]
    [InlineData("limits: { max_header_bytes: 4GiB }", "'limits.max_header_bytes': must be below 2 GiB")]
    [InlineData("limits: { max_headers: -1 }", "'limits.max_headers': '-1' is not a positive whole number")]
    public void Bad_request_limits_are_refused_naming_the_key(string yaml, string expected)
    {
        Assert.Contains(expected, Yaml.Error(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_print_shows_every_request_limit_in_force()
    {
        var printed = ConfigPrinter.Print(ServeOptionsResolver.Resolve(new ServeFlags(), Yaml.Load("limits: { max_tools: 9, max_header_bytes: 16KiB }"), _ => null));

        Assert.Contains("max_json_depth: 64", printed, StringComparison.Ordinal);
        Assert.Contains("max_tools: 9", printed, StringComparison.Ordinal);
        Assert.Contains("max_messages: 10000", printed, StringComparison.Ordinal);
        Assert.Contains("max_header_bytes: 16384", printed, StringComparison.Ordinal);
        Assert.Contains("max_headers: 100", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("cors:", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("tls:", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Cors_is_off_without_the_section_and_on_with_origins()
    {
        Assert.Null(Yaml.Load("listen: 127.0.0.1:1").Cors);

        var cors = Yaml.Load("""
            cors:
              origins: ["https://app.example.com", "http://localhost:5173"]
              headers: [X-Team]
              methods: [get, post]
              credentials: true
              max_age: 120
            """).Cors!;

        Assert.Equal(["https://app.example.com", "http://localhost:5173"], cors.Origins);
        Assert.Equal(["x-team"], cors.Headers);
        Assert.Equal(["GET", "POST"], cors.Methods);
        Assert.True(cors.Credentials);
        Assert.Equal(120, cors.MaxAgeSeconds);
    }

    [Fact]
    public void The_cors_policy_allows_what_browser_sdks_send_plus_the_configured_headers()
    {
        var policy = CorsSetup.Policy(Yaml.Load("cors: { origins: [\"https://app.example.com\"], headers: [x-team] }").Cors!);

        Assert.Equal(["https://app.example.com"], policy.Origins);
        foreach (var header in new[] { "authorization", "x-api-key", "anthropic-version", "anthropic-dangerous-direct-browser-access", "x-goog-api-key", "content-type", "openai-organization", "x-stainless-os", "x-team" })
        {
            Assert.Contains(header, policy.Headers);
        }

        Assert.Equal(["GET", "POST", "DELETE"], policy.Methods);
        Assert.False(policy.SupportsCredentials);
        Assert.Equal(TimeSpan.FromSeconds(600), policy.PreflightMaxAge);
        Assert.Contains("retry-after", policy.ExposedHeaders);
    }

    [Theory]
    [InlineData("cors: { headers: [x-a] }", "'cors.origins': is required to turn CORS on")]
    [InlineData("cors: { origins: [] }", "'cors.origins': is required")]
    [InlineData("cors: { origins: [\"*\"], credentials: true }", "'cors.credentials': cannot be true with origin \"*\"")]
    [InlineData("cors: { origins: [\"https://app.example.com/path\"] }", "'cors.origins': 'https://app.example.com/path' is not an origin")]
    [InlineData("cors: { origins: [\"app.example.com\"] }", "is not an origin")]
    [InlineData("cors: { origins: [\"*\"], max_age: 0 }", "'cors.max_age': '0' is not a positive whole number")]
    [InlineData("cors: { origins: [\"*\"], methods: [\"GET POST\"] }", "'cors.methods': holds a name that is not an HTTP method")]
    [InlineData("cors: { origins: [\"*\"], headers: [\"a b\"] }", "'cors.headers': holds a name that is not a header name")]
    [InlineData("cors: { origins: [\"*\"], allow: [x] }", "'cors.allow': unknown key")]
    public void Bad_cors_settings_are_refused_naming_the_key(string yaml, string expected)
    {
        Assert.Contains(expected, Yaml.Error(yaml), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tls: { cert: /tmp/c.pem }", "'tls.key': is required")]
    [InlineData("tls: { key: /tmp/k.pem }", "'tls.cert': is required")]
    [InlineData("tls: { cert: /nonexistent/godex/cert.pem, key: /nonexistent/godex/key.pem }", "tls.cert: cannot read /nonexistent/godex/cert.pem")]
    [InlineData("tls: { cert: c, key: k, password: p }", "'tls.password': unknown key")]
    public void Tls_needs_a_cert_and_a_key_that_can_be_read(string yaml, string expected)
    {
        Assert.Contains(expected, Yaml.Error(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_files_that_are_not_pem_are_a_config_error_naming_them()
    {
        var folder = Directory.CreateTempSubdirectory("godex-tls-");
        try
        {
            var cert = Path.Combine(folder.FullName, "cert.pem");
            var key = Path.Combine(folder.FullName, "key.pem");
            File.WriteAllText(cert, "not a certificate");
            File.WriteAllText(key, "not a key");

            var message = Yaml.Error($"tls: {{ cert: '{cert}', key: '{key}' }}");

            Assert.Contains("'tls':", message, StringComparison.Ordinal);
            Assert.Contains($"{cert} and {key} are not a PEM certificate", message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_certificate_gone_since_the_config_was_read_fails_the_server_build_with_a_config_error()
    {
        var tls = new TlsConfig("/nonexistent/godex/cert.pem", "/nonexistent/godex/key.pem");
        var options = ServeOptionsResolver.Resolve(new ServeFlags(), Yaml.Load("") with { Tls = tls }, _ => null);

        var exception = Assert.Throws<ConfigException>(() => GodexServer.Build(options, _ => { }));

        Assert.Contains("tls.cert: cannot read /nonexistent/godex/cert.pem", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_paths_come_from_the_environment_too()
    {
        var message = Yaml.Error("tls: { cert: \"${CERT}\", key: \"${KEY}\" }", ("CERT", "/nonexistent/c.pem"), ("KEY", "/nonexistent/k.pem"));

        Assert.Contains("cannot read /nonexistent/c.pem", message, StringComparison.Ordinal);
    }
}
