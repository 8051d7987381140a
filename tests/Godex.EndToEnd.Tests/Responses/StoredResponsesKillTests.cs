using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.Data.Sqlite;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>The real `godex serve`, killed with SIGKILL between turns: a committed chain continues on the next process.</summary>
public sealed class StoredResponsesKillTests : IDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_chain_continues_after_the_server_is_killed_and_started_again()
    {
        var port = GodexProcess.FreePort();
        string second;
        using (var godex = await GodexProcess.ServeAsync(_directory, null, "--listen", $"127.0.0.1:{port}", "--cache-ttl", "2h"))
        {
            using var http = Client(port);
            var first = await PostAsync(http, """{"model":"mock","instructions":"Be brief.","input":"turn one"}""");
            second = (string)(await PostAsync(http, $$"""{"model":"mock","input":"turn two","previous_response_id":"{{first["id"]}}"}"""))["id"]!;

            // The writer commits off the request path; once both rows are in the file, SIGKILL (Dispose kills the process).
            await WaitForRowsAsync(2);
        }

        using (var godex = await GodexProcess.ServeAsync(_directory, null, "--listen", $"127.0.0.1:{port}"))
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
}
