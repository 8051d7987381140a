using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Testing;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>
/// Godex with stored responses on a SQLite file or a PostgreSQL database the test owns (so a second
/// Godex can reopen it), a scripted upstream behind `claude` (anthropic, claude-*) and `local` (openai,
/// gpt-*), and the mock.
/// </summary>
public sealed class SessionGateway : IAsyncDisposable
{
    private SessionGateway(ScriptedUpstream upstream, string directory, string extraYaml, PostgresTestDatabase? postgres) =>
        (Upstream, Directory, ExtraYaml, Postgres) = (upstream, directory, extraYaml, postgres);

    public ScriptedUpstream Upstream { get; }

    public GodexHost Godex { get; private set; } = null!;

    private string Directory { get; }

    private string ExtraYaml { get; }

    private PostgresTestDatabase? Postgres { get; }

    /// <param name="engine">`sqlite` or `postgres`.</param>
    public static async Task<SessionGateway> StartAsync(string extraYaml = "", string engine = "sqlite")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("godex-sessions-").FullName;
        var postgres = engine == "postgres" ? await PostgresTestDatabase.CreateAsync() : null;
        var gateway = new SessionGateway(await ScriptedUpstream.StartAsync(), directory, extraYaml, postgres);
        await gateway.RestartAsync();
        return gateway;
    }

    /// <summary>Stops this Godex (draining its writes) and starts a new one on the same database file.</summary>
    public async Task RestartAsync()
    {
        if (Godex is not null)
        {
            await Godex.DisposeAsync();
        }

        var yaml = $$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              claude:
                type: anthropic
                base_url: {{Upstream.RootUrl}}
                api_key: ${LOCAL_API_KEY}
              local:
                type: openai
                base_url: {{Upstream.ChatBaseUrl}}
                api_key: ${LOCAL_API_KEY}
              mock:
                type: mock
            routing:
              patterns: { claude: [ "claude-" ], local: [ "gpt-" ] }
            storage:
              {{(Postgres is null ? "path: " + Path.Combine(Directory, "godex.db") : $"postgres: \"{Postgres.ConnectionString}\"")}}
            {{ExtraYaml}}
            """;
        Godex = await GodexHost.StartAsync(yaml, environment: UpstreamConfig.Environment);
    }

    public async Task<(int Status, JsonNode Body)> PostAsync(string json, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = Sse.Post("/v1/responses", json, UpstreamConfig.ClientKey);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Godex.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? JsonValue.Create(text) : JsonNode.Parse(text)!);
    }

    public async Task<(int Status, JsonNode Body)> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", UpstreamConfig.ClientKey);
        using var response = await Godex.Http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async ValueTask DisposeAsync()
    {
        await Godex.DisposeAsync();
        await Upstream.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
