using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Godex.Testing;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>
/// The real `godex serve`, killed with SIGKILL between turns: a committed chain continues on the next
/// process, on the default SQLite file and on PostgreSQL.
/// </summary>
public sealed class StoredResponsesKillTests : IAsyncDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();
    private PostgresTestDatabase? _postgres;

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_chain_continues_after_the_server_is_killed_and_started_again(string engine)
    {
        string[] config = [];
        if (engine == "postgres")
        {
            _postgres = await PostgresTestDatabase.CreateAsync();
            var file = Path.Combine(_directory, "godex.yaml");
            await File.WriteAllTextAsync(file, $$"""
                providers: { mock: { type: mock } }
                storage: { postgres: "{{_postgres.ConnectionString}}" }
                """);
            config = ["--config", file];
        }

        var port = GodexProcess.FreePort();
        string second;
        using (var godex = await GodexProcess.ServeAsync(_directory, null, [.. config, "--listen", $"127.0.0.1:{port}", "--cache-ttl", "2h"]))
        {
            using var http = Client(port);
            var first = await PostAsync(http, """{"model":"mock","instructions":"Be brief.","input":"turn one"}""");
            second = (string)(await PostAsync(http, $$"""{"model":"mock","input":"turn two","previous_response_id":"{{first["id"]}}"}"""))["id"]!;

            // The writer commits off the request path; once both rows are in the file, SIGKILL (Dispose kills the process).
            await WaitForRowsAsync(2);
        }

        using (var godex = await GodexProcess.ServeAsync(_directory, null, [.. config, "--listen", $"127.0.0.1:{port}"]))
        {
            using var http = Client(port);
            var third = await PostAsync(http, $$"""{"model":"mock","input":"turn three","previous_response_id":"{{second}}"}""");
            Assert.Equal(second, (string?)third["previous_response_id"]);
            Assert.Equal("Be brief.", (string?)third["instructions"]);
            Assert.Contains("turn three", (string?)third["output_text"], StringComparison.Ordinal);
        }
    }

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<JsonNode> PostAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync("/v1/responses", Sse.Json(json));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body;
    }

    private async Task WaitForRowsAsync(int rows)
    {
        if (_postgres is not null)
        {
            await WaitForPostgresRowsAsync(rows);
            return;
        }

        var file = Path.Combine(_directory, ".local", "share", "godex", "godex.db");
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(file))
            {
                await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync();
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM responses";
                if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == rows)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"the responses never reached {file}");
    }

    private async Task WaitForPostgresRowsAsync(int rows)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var connection = new NpgsqlConnection(_postgres!.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM responses", connection);
            if (await count.ExecuteScalarAsync() is long found && found == rows)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the responses never reached PostgreSQL");
    }
}
