using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hardening;

/// <summary>
/// limits.max_headers and limits.max_header_bytes are Kestrel's header limits: past them Kestrel
/// answers 431 itself, before routing, so the answer is an empty body in no protocol's shape (the
/// README says so); within them requests are served.
/// </summary>
public sealed class HeaderLimitsEndToEndTests : IAsyncLifetime
{
    private const string Chat = """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""";

    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          mock: { type: mock }
        limits:
          max_headers: 20
          max_header_bytes: 4KiB
        """);

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Fact]
    public async Task More_headers_than_max_headers_get_kestrels_431()
    {
        var response = await SendAsync(headers: 25, valueLength: 8);

        Assert.Equal(431, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Headers_larger_than_max_header_bytes_get_kestrels_431()
    {
        var response = await SendAsync(headers: 1, valueLength: 5000);

        Assert.Equal(431, (int)response.StatusCode);
    }

    [Fact]
    public async Task Headers_within_both_limits_are_served()
    {
        // HttpClient adds Host, Content-Type and Content-Length: 3 + 14 = 17 headers of about 3 KiB.
        var response = await SendAsync(headers: 14, valueLength: 200);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<HttpResponseMessage> SendAsync(int headers, int valueLength)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = RequestBodies.Json(Chat) };
        for (var i = 0; i < headers; i++)
        {
            request.Headers.TryAddWithoutValidation($"x-extra-{i}", new string('v', valueLength));
        }

        return await _godex.Http.SendAsync(request);
    }
}
