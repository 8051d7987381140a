using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Testing;

using Npgsql;

namespace Godex.EndToEnd.Tests.Telemetry;

/// <summary>storage.postgres: the same traces and usage, kept in a real PostgreSQL server.</summary>
public sealed class PostgresStorageEndToEndTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private GodexHost _godex = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _godex = await GodexHost.StartAsync($$"""
            keys: [ "pg-key" ]
            providers: { mock: { type: mock } }
            storage: { postgres: "{{_database.ConnectionString}}" }
            """);
    }

    public async Task DisposeAsync()
    {
        await _godex.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Traces_and_usage_live_in_postgres()
    {
        for (var i = 0; i < 2; i++)
        {
            var response = await _godex.Http.SendAsync(Sse.Post("/v1/chat/completions", """{"model":"mock","stream":true,"messages":[{"role":"user","content":"store me in postgres"}]}""", "pg-key"));
            await response.Content.ReadAsStringAsync();
            var trace = await Traces.WaitForAsync(_godex, Traces.RequestId(response));
            Assert.True(trace.OutputTokens > 0);
            Assert.Equal("key-0", trace.CallerKeyId);
        }

        await using (var connection = new NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM traces WHERE requested_model = 'mock'", connection);
            Assert.Equal(2L, await count.ExecuteScalarAsync());
        }

        using var usage = new HttpRequestMessage(HttpMethod.Get, "/v1/usage?group_by=key,day");
        usage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "pg-key");
        var rows = JsonNode.Parse(await (await _godex.Http.SendAsync(usage)).Content.ReadAsStringAsync())!["data"]!.AsArray();
        var row = Assert.Single(rows)!;
        Assert.Equal("key-0", (string?)row["key"]);
        Assert.Equal(2, (int)row["requests"]!);
    }
}
