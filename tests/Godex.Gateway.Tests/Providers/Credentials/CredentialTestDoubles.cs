using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using Godex.Gateway.Providers.Credentials;

namespace Godex.Gateway.Tests.Providers.Credentials;

/// <summary>A token endpoint in memory: counts refreshes, answers with the next scripted reply (or a fresh token).</summary>
internal sealed class FakeTokenEndpoint : HttpMessageHandler, IHttpClientFactory
{
    private int _refreshes;

    public int Refreshes => _refreshes;

    public TimeSpan Delay { get; set; }

    /// <summary>The status and body to answer with; null answers 200 with access-{n}, refresh-{n}, expires_in 3600.</summary>
    public (HttpStatusCode Status, string Body)? Reply { get; set; }

    public List<string> Bodies { get; } = [];

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _refreshes);
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (Bodies)
        {
            Bodies.Add(body);
        }

        await Task.Delay(Delay, cancellationToken);
        var (status, answer) = Reply ?? (HttpStatusCode.OK, $$"""{"access_token":"access-{{n}}","refresh_token":"refresh-{{n}}","expires_in":3600}""");
        return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
    }
}

internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A minimal token file layout: {"token":{"access","refresh","expires_ms"}} beside whatever else the file holds.</summary>
internal sealed class TestFormat : ITokenFileFormat
{
    public TokenSet Read(JsonObject document)
    {
        var token = document["token"] as JsonObject ?? throw new FormatException("'token' is missing");
        var access = (string?)token["access"] ?? throw new FormatException("'token.access' is missing");
        var expires = (long?)token["expires_ms"];
        return new TokenSet(access, (string?)token["refresh"], expires is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }

    public void Write(JsonObject document, TokenSet tokens, DateTimeOffset now)
    {
        var token = (JsonObject)document["token"]!;
        token["access"] = tokens.AccessToken;
        token["refresh"] = tokens.RefreshToken;
        token["expires_ms"] = tokens.ExpiresAt?.ToUnixTimeMilliseconds();
    }

    public IReadOnlyList<CredentialHeader> Headers(TokenSet tokens) => [new("x-test-account", "acct-1")];
}
