using Godex.Gateway.Admin;
using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>The real gateway, started in-process on 127.0.0.1 with an OS-chosen port.</summary>
public sealed class GodexHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GodexHost(WebApplication app, Uri baseUrl, string databasePath)
    {
        _app = app;
        BaseUrl = baseUrl;
        DatabasePath = databasePath;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>This host's own SQLite file (traces, usage), in a scratch directory.</summary>
    public string DatabasePath { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts Godex with a YAML config (interpolated from <paramref name="environment"/>), or the embedded
    /// defaults when null; logs go nowhere unless <paramref name="logging"/> adds a provider.
    /// </summary>
    /// <param name="time">Replaces the system clock, for tests of time-driven behaviour (caches, TTLs).</param>
    /// <param name="services">More services for the test (an <c>IStartupFilter</c> in front of the gateway, say).</param>
    public static async Task<GodexHost> StartAsync(string? yaml = null, ServeFlags? flags = null, IReadOnlyDictionary<string, string>? environment = null, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        string? Lookup(string name) => environment?.GetValueOrDefault(name);
        var config = yaml is null ? EmbeddedDefaults.Config : new ConfigLoader(Lookup).Load(yaml, "test.yaml");
        var database = config.Storage.Path ?? ScratchDatabase();
        var options = Resolve(config, flags ?? new ServeFlags(), Lookup, database);
        var app = GodexServer.Build(options, logging ?? (_ => { }), added =>
        {
            if (time is not null)
            {
                added.AddSingleton(time);
            }

            services?.Invoke(added);
        });
        var address = await GodexServer.StartAsync(app);
        return new GodexHost(app, address, database);
    }

    /// <summary>
    /// Starts Godex on a config file, as `godex serve --config` does: SIGHUP, a change to the file (looked
    /// at every <paramref name="watchInterval"/>) and the admin API reload it, with the same flags and environment.
    /// </summary>
    public static async Task<GodexHost> StartFromFileAsync(string configPath, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? watchInterval = null, Action<ILoggingBuilder>? logging = null)
    {
        string? Lookup(string name) => environment?.GetValueOrDefault(name);
        var database = ScratchDatabase();
        ServeOptions Load() => Resolve(new ConfigLoader(Lookup).LoadFile(configPath), new ServeFlags(), Lookup, database);

        var app = GodexServer.Build(Load(), logging ?? (_ => { }), services => services.AddSingleton(new ConfigWatchOptions(watchInterval ?? TimeSpan.FromMilliseconds(100))), new ConfigReloadSource(configPath, Load));
        var address = await GodexServer.StartAsync(app);
        return new GodexHost(app, address, database);
    }

    /// <summary>A SQLite file of the host's own, in a scratch directory that disposing removes.</summary>
    private static string ScratchDatabase() => Path.Combine(Path.GetTempPath(), "godex-e2e-" + Guid.NewGuid().ToString("N")[..12], "godex.db");

    /// <summary>The options a test host runs with: its config on its own database, on an OS-chosen loopback port.</summary>
    private static ServeOptions Resolve(GodexConfig config, ServeFlags flags, Func<string, string?> environment, string database) =>
        ServeOptionsResolver.Resolve(flags with { Listen = "127.0.0.1:0" }, config with { Storage = config.Storage with { Path = database } }, environment);

    /// <summary>Sends <paramref name="key"/> as the client key on every request of <see cref="Http"/>; returns this host.</summary>
    public GodexHost WithKey(string key)
    {
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return this;
    }

    private int _stopped;

    /// <summary>Stops the server gracefully (its queues written) and keeps its files, for a test that starts another on them.</summary>
    public async Task StopKeepingFilesAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await StopKeepingFilesAsync();
        var directory = Path.GetDirectoryName(DatabasePath)!;
        if (directory.Contains("godex-e2e-", StringComparison.Ordinal) && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
