using System.Net.Sockets;
using System.Text;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hardening;

/// <summary>
/// A client that sends its body too slowly, or less of it than its Content-Length says, gets a 408 or
/// 400 in the protocol's shape; the gateway logs nothing above Information and no stack trace for it.
/// </summary>
public sealed class SlowAndShortBodiesEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly CapturedLogs _logs = new();
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          mock: { type: mock }
        """, logging: _logs.Add);

    public async Task DisposeAsync()
    {
        await _godex.DisposeAsync();
        _logs.Dispose();
    }

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task A_body_that_stops_short_of_its_content_length_and_closes_is_no_500_and_no_loud_log()
    {
        // The client half-closed: Kestrel sees the request aborted, so there may be no one to answer; never a 500.
        var answer = await SendRawAsync(declared: 500, send: """{"model":"mock","messages":[""", thenStall: false);

        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), answer);
        AssertLoggedQuietly();
    }

    /// <summary>Fewer bytes than Content-Length on an open connection: the body timeout ends it.</summary>
    [Fact]
    public async Task A_body_slower_than_the_minimum_rate_is_a_408()
    {
        var answer = await SendRawAsync(declared: 50_000, send: """{"model":"mock","messages":[""", thenStall: true);

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("too slowly", answer, StringComparison.Ordinal);
        AssertLoggedQuietly();
    }

    private void AssertLoggedQuietly()
    {
        var loud = _logs.Lines.Where(line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud));
        Assert.DoesNotContain("   at ", _logs.Text, StringComparison.Ordinal);
    }

    /// <summary>Sends a request whose body stops early: half-closed at once, or held open until the server gives up.</summary>
    private async Task<string> SendRawAsync(int declared, string send, bool thenStall)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_godex.BaseUrl.Host, _godex.BaseUrl.Port);
        var stream = client.GetStream();
        var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: {_godex.BaseUrl.Authority}\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + send));
        await stream.FlushAsync();
        if (!thenStall)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
                if (Encoding.UTF8.GetString(answer.ToArray()).Contains("}}", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // the server may close after answering
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
