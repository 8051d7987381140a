using System.Net.Sockets;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.Data.Sqlite;

namespace Godex.EndToEnd.Tests.Hosting;

/// <summary>
/// The real `godex serve` and the signals an init system sends it: SIGTERM stops accepting, lets open
/// streams finish within `shutdown_timeout`, writes every trace and exits 0; SIGHUP reloads the config.
/// </summary>
public sealed class SignalsEndToEndTests : IAsyncLifetime
{
    private readonly string _directory = GodexProcess.ScratchDirectory();
    private ScriptedUpstream _upstream = null!;

    private string ConfigPath => Path.Combine(_directory, "godex.yaml");

    private string DatabasePath => Path.Combine(_directory, "godex.db");

    public async Task InitializeAsync() => _upstream = await ScriptedUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SIGTERM_refuses_new_connections_lets_open_streams_finish_writes_their_traces_and_exits_0()
    {
        var held = new HeldStreams().Serve(_upstream, rest: "to the end");
        await File.WriteAllTextAsync(ConfigPath, Config("shutdown_timeout: 20s"));
        var port = GodexProcess.FreePort();
        using var godex = await GodexProcess.ServeAsync(_directory, null, "--config", ConfigPath, "--listen", $"127.0.0.1:{port}");
        using var http = Client(port);
        var open = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => HeldStreams.OpenAsync(http, "gpt-4o")));
        await Eventually.TrueAsync(() => held.Open == 8, "8 streams open");

        godex.Signal("TERM");
        await Eventually.TrueAsync(() => !Accepts(port), "the listener closed");
        held.Release();

        var finished = await Task.WhenAll(open.Select(HeldStreams.ReadAsync));
        Assert.All(finished, stream => Assert.Equal(("held to the end", true), stream));
        Assert.Equal(0, await godex.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(8, Traces("outcome = 'ok' AND output_tokens = 2"));
    }

    [Fact]
    public async Task SIGTERM_cuts_streams_still_open_at_the_shutdown_timeout_and_keeps_their_traces()
    {
        var held = new HeldStreams().Serve(_upstream);
        await File.WriteAllTextAsync(ConfigPath, Config("shutdown_timeout: 1s"));
        var port = GodexProcess.FreePort();
        using var godex = await GodexProcess.ServeAsync(_directory, null, "--config", ConfigPath, "--listen", $"127.0.0.1:{port}");
        using var http = Client(port);
        var open = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => HeldStreams.OpenAsync(http, "gpt-4o")));
        await Eventually.TrueAsync(() => held.Open == 4, "4 streams open");

        godex.Signal("TERM");

        Assert.Equal(0, await godex.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        foreach (var response in open)
        {
            // Cut mid-stream: the client sees the text so far and no `[DONE]` (or a reset), never a clean end.
            var cut = await Record.ExceptionAsync(async () => Assert.False((await HeldStreams.ReadAsync(response)).Done));
            Assert.True(cut is null or HttpRequestException or HttpIOException or IOException, cut?.ToString());
        }

        Assert.True(4 == Traces("outcome <> 'ok'"), $"{Traces("1 = 1")} traces; {godex.Output}");
    }

    [Fact]
    public async Task SIGHUP_reloads_the_config_file()
    {
        new HeldStreams().Serve(_upstream).Release();
        await File.WriteAllTextAsync(ConfigPath, Config("watch_config: false"));
        var port = GodexProcess.FreePort();
        using var godex = await GodexProcess.ServeAsync(_directory, null, "--config", ConfigPath, "--listen", $"127.0.0.1:{port}");
        using var http = Client(port);
        await File.WriteAllTextAsync(ConfigPath, Config("watch_config: false") + "\n  aliases: { coder: local/gpt-4o-mini }\n");
        await HeldStreams.ReadAsync(await HeldStreams.OpenAsync(http, "coder"));
        Assert.Equal("coder", UpstreamModel()); // not reloaded without the signal: the default provider, the name kept

        godex.Signal("HUP");

        await Eventually.TrueAsync(() => godex.Output.Contains("Config reloaded (SIGHUP)", StringComparison.Ordinal), "the reload logged");
        Assert.Equal(2, (int)JsonNode.Parse(await http.GetStringAsync("/health"))!["config_generation"]!);
        await HeldStreams.ReadAsync(await HeldStreams.OpenAsync(http, "coder"));
        Assert.Equal("gpt-4o-mini", UpstreamModel());
    }

    private string? UpstreamModel() => (string?)_upstream.Received.Last().Body!["model"];

    private string Config(string extra) => $$"""
        {{extra}}
        storage: { path: {{DatabasePath}} }
        providers:
          local:
            type: openai
            base_url: {{_upstream.ChatBaseUrl}}
            api_key: sk-local
            models: [ gpt-4o ]
        routing:
          default: local
        """;

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    private static bool Accepts(int port)
    {
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Traces in the server's SQLite file that match <paramref name="where"/>, read after it exited.</summary>
    private long Traces(string where)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM traces WHERE " + where;
        return Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
