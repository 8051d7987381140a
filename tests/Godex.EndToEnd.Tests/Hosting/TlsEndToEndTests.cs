using System.Net;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hosting;

/// <summary>
/// `tls: { cert, key }` through the real server: Kestrel serves HTTPS with those PEM files (paths from
/// the environment), the address it reports is https, and plain HTTP on the port gets no answer.
/// </summary>
public sealed class TlsEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly SelfSignedCertificate _certificate = new();
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers: { mock: { type: mock } }
        tls: { cert: "${GODEX_TLS_CERT}", key: "${GODEX_TLS_KEY}" }
        """, environment: new Dictionary<string, string> { ["GODEX_TLS_CERT"] = _certificate.CertPath, ["GODEX_TLS_KEY"] = _certificate.KeyPath });

    public async Task DisposeAsync()
    {
        await _godex.DisposeAsync();
    }

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task The_gateway_answers_https_with_the_configured_certificate()
    {
        Assert.Equal("https", _godex.BaseUrl.Scheme);
        using var client = _certificate.PinnedClient(_godex.BaseUrl);

        var health = await client.GetAsync("/health");
        var chat = await client.PostAsync("/v1/chat/completions", Hardening.RequestBodies.Json("""{"model":"mock","messages":[{"role":"user","content":"over tls"}]}"""));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal("assistant", (string?)JsonNode.Parse(await chat.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["role"]);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused_by_its_own_tls_check()
    {
        using var client = new HttpClient { BaseAddress = _godex.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));

        Assert.Contains("SSL", exception.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plain_http_on_the_tls_port_gets_no_answer()
    {
        using var client = new HttpClient { BaseAddress = new UriBuilder(_godex.BaseUrl) { Scheme = "http" }.Uri, Timeout = TimeSpan.FromSeconds(30) };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
    }
}
