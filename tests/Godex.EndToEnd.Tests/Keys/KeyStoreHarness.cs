using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Keys;

/// <summary>
/// A real gateway and the real `godex keys` CLI on one config file (so one store and one key secret),
/// on SQLite or on PostgreSQL.
/// </summary>
public sealed class KeyStoreHarness : IAsyncDisposable
{
    public const string StaticKey = "static-key";
    public const string AdminKey = "admin-key-1";
    public const string Chat = """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""";

    private readonly string _yaml;

    private KeyStoreHarness(string directory, string configPath, string yaml, GodexHost godex)
    {
        Directory = directory;
        ConfigPath = configPath;
        _yaml = yaml;
        Godex = godex;
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public GodexHost Godex { get; private set; }

    public string DatabasePath => Path.Combine(Directory, "godex.db");

    /// <param name="storage">The YAML of `storage:` (`{dir}` is the scratch folder); null for the SQLite file there.</param>
    /// <param name="extra">More top-level YAML (`prices:`, `limits:`).</param>
    public static async Task<KeyStoreHarness> StartAsync(string? storage = null, string providers = "mock: { type: mock }", string extra = "")
    {
        var directory = GodexProcess.ScratchDirectory();
        var yaml = $$"""
            keys: [ "{{StaticKey}}" ]
            admin_keys: [ "{{AdminKey}}" ]
            providers: { {{providers}} }
            storage: {{(storage ?? "{ path: \"{dir}/godex.db\" }").Replace("{dir}", directory, StringComparison.Ordinal)}}
            {{extra}}
            """;
        var configPath = Path.Combine(directory, "godex.yaml");
        await File.WriteAllTextAsync(configPath, yaml);
        return new KeyStoreHarness(directory, configPath, yaml, await GodexHost.StartAsync(yaml));
    }

    /// <summary>Stops the gateway (gracefully: its queues are written) and starts a new one on the same config and store.</summary>
    public async Task RestartAsync()
    {
        await Godex.StopKeepingFilesAsync();
        Godex = await GodexHost.StartAsync(_yaml);
    }

    /// <summary>Runs `godex ARGS --config THIS`; fails the test on a non-zero exit.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await CliResultAsync(args);
        Assert.True(exit == 0, $"godex {string.Join(' ', args)} exited {exit}: {stderr}");
        return stdout;
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> CliResultAsync(params string[] args) =>
        GodexProcess.RunAsync(Directory, null, [.. args, "--config", ConfigPath]);

    /// <summary>`godex keys add … --json`: the new key's id and its secret.</summary>
    public async Task<(string Id, string Secret)> AddKeyAsync(params string[] options)
    {
        var key = JsonNode.Parse(await CliAsync(["keys", "add", .. options, "--json"]))!;
        return ((string)key["id"]!, (string)key["secret"]!);
    }

    public async Task<HttpResponseMessage> ChatAsync(string key, string body = Chat) =>
        await Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", body, key));

    public async Task<int> StatusAsync(string key) => (int)(await ChatAsync(key)).StatusCode;

    public async Task<HttpResponseMessage> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await Godex.Http.SendAsync(request);
    }

    /// <summary>Waits for the server to see a change the CLI made in the store (its lookups are fresh for two seconds).</summary>
    public Task EventuallyStatusAsync(string key, int status) =>
        Eventually.TrueAsync(async () => await StatusAsync(key) == status, $"the key answers {status}", TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        await Godex.DisposeAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
