using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Godex.Testing;

using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>
/// The real `godex serve` killed with SIGKILL while dozens of clients hold store:true conversations
/// (streamed and not): every response id a client received in a completed answer is still there
/// after the restart, with its parent, and its conversation continues. Several crashes a run, so a
/// write that commits after the client saw its id is caught, not left to chance.
/// </summary>
public sealed class StoredResponsesCrashTests : IAsyncLifetime
{
    private const int Rounds = 4;
    private const int Clients = 32;

    // Answers of a realistic size (a few KB), so a write takes as long as it does in real use.
    private static readonly string Answer = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 400));

    private readonly string _directory = GodexProcess.ScratchDirectory();
    private readonly ConcurrentDictionary<string, Received> _received = new(StringComparer.Ordinal);
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);
    private ScriptedUpstream _upstream = null!;

    // Set for each round: the client whose answer brings the round to its count kills the server.
    private Action? _crash;
    private int _roundAnswers;
    private PostgresTestDatabase? _postgres;

    /// <summary>An id the client was given: its parent, and the conversation and turn it answered.</summary>
    private sealed record Received(string? Parent, int Client, int Turn);

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        _upstream.Responder = AnswerAsync;
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
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
    public async Task Every_response_id_a_client_received_survives_SIGKILL_under_load_and_its_chain_continues(string engine)
    {
        var storage = $"storage: {{ path: {Path.Combine(_directory, "godex.db")} }}";
        if (engine == "postgres")
        {
            _postgres = await PostgresTestDatabase.CreateAsync();
            storage = $"storage: {{ postgres: \"{_postgres.ConnectionString}\" }}";
        }

        var config = Path.Combine(_directory, "godex.yaml");
        await File.WriteAllTextAsync(config, $"""
            {storage}
            providers:
              up: {"{"} type: openai, base_url: "{_upstream.ChatBaseUrl}", api_key: sk-up, models: [ gpt-4o ] {"}"}
            routing: {"{"} default: up {"}"}
            """);
        var port = GodexProcess.FreePort();
        var last = new string?[Clients];
        var turns = new int[Clients];
        for (var round = 0; round <= Rounds; round++)
        {
            using var godex = await GodexProcess.ServeAsync(_directory, null, "--config", config, "--listen", $"127.0.0.1:{port}");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
            if (round > 0)
            {
                await AssertAllStoredAsync(http, round);
            }

            if (round == Rounds)
            {
                await AssertChainsContinueAsync(http, last, turns);
                break;
            }

            // Load until this round has answered enough, then SIGKILL the instant a client has its id,
            // while the others' requests are in flight: the moment an id written late would be lost.
            var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _roundAnswers = 0;
            _crash = () =>
            {
                godex.Kill();
                crashed.TrySetResult();
            };
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Clients).Select(client => ConverseAsync(http, client, last, turns, stop.Token)).ToArray();
            await crashed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await godex.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }
    }

    /// <summary>One client's conversation: each turn continues from the last answer it received, streamed on odd turns.</summary>
    private async Task ConverseAsync(HttpClient http, int client, string?[] last, int[] turns, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var turn = turns[client];
            var stream = turn % 2 == 1;
            var previous = last[client] is { } id ? $",\"previous_response_id\":\"{id}\"" : "";
            var body = $"{{\"model\":\"gpt-4o\",\"store\":true,\"stream\":{(stream ? "true" : "false")},\"input\":\"{Text(client, turn)}\"{previous}}}";
            string? answered;
            try
            {
                answered = stream ? await StreamAsync(http, body, stop) : await PostAsync(http, body, stop);
            }
            catch (Exception exception) when (exception is HttpRequestException or HttpIOException or IOException or OperationCanceledException)
            {
                return; // the server died under this request: its id (if any) never reached the client whole
            }

            if (answered is null)
            {
                return;
            }

            Assert.True(_received.TryAdd(answered, new Received(last[client], client, turn)), $"{answered} given twice");
            last[client] = answered;
            turns[client] = turn + 1;
            if (Interlocked.Increment(ref _roundAnswers) == 150)
            {
                Interlocked.Exchange(ref _crash, null)?.Invoke();
            }
        }
    }

    private static async Task<string?> PostAsync(HttpClient http, string body, CancellationToken stop)
    {
        using var response = await http.PostAsync("/v1/responses", Sse.Json(body), stop);
        var text = await response.Content.ReadAsStringAsync(stop);
        Assert.True(response.IsSuccessStatusCode, text);
        var json = JsonNode.Parse(text)!;
        return (string?)json["status"] == "completed" ? (string?)json["id"] : null;
    }

    /// <summary>The id from `response.completed`, the event a streaming client takes its final id from.</summary>
    private static async Task<string?> StreamAsync(HttpClient http, string body, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Sse.Json(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(stop));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
        while (await reader.ReadLineAsync(stop) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonNode.Parse(line["data: ".Length..]) is { } data
                && (string?)data["type"] == "response.completed")
            {
                return (string?)data["response"]!["id"];
            }
        }

        return null;
    }

    /// <summary>The ids received since the last check (those before it were found stored then) are all there, with their parents.</summary>
    private async Task AssertAllStoredAsync(HttpClient http, int round)
    {
        var missing = new ConcurrentBag<string>();
        var fresh = _received.Where(pair => !_checked.Contains(pair.Key)).ToList();
        await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, cancel) =>
        {
            using var response = await http.GetAsync($"/v1/responses/{pair.Key}", cancel);
            var text = await response.Content.ReadAsStringAsync(cancel);
            if (!response.IsSuccessStatusCode)
            {
                missing.Add($"{pair.Key} ({(int)response.StatusCode})");
                return;
            }

            var stored = JsonNode.Parse(text)!;
            Assert.Equal(pair.Value.Parent, (string?)stored["previous_response_id"]);
            Assert.Equal("completed", (string?)stored["status"]);
        });

        Assert.True(missing.IsEmpty, $"after crash {round}, {missing.Count} of the {fresh.Count} ids the clients received in that run are gone: {string.Join(", ", missing.Take(10))}");
        _checked.UnionWith(fresh.Select(pair => pair.Key));
    }

    /// <summary>Each conversation's next turn, from its last id received before the last crash, reaches the upstream whole.</summary>
    private async Task AssertChainsContinueAsync(HttpClient http, string?[] last, int[] turns)
    {
        Assert.All(turns, count => Assert.True(count >= 2, "every conversation got at least two turns in"));
        await Parallel.ForEachAsync(Enumerable.Range(0, Clients), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (client, cancel) =>
        {
            var probe = Text(client, turns[client]);
            var id = await PostAsync(http, $"{{\"model\":\"gpt-4o\",\"input\":\"{probe}\",\"previous_response_id\":\"{last[client]}\"}}", cancel);
            Assert.NotNull(id);
            var sent = _upstream.Received.Last(request => request.Body?.ToJsonString().Contains(probe, StringComparison.Ordinal) == true).Body!;
            var users = sent["messages"]!.AsArray().Where(message => (string?)message!["role"] == "user").Select(message => message!["content"]!.ToJsonString()).ToList();
            Assert.Equal(turns[client] + 1, users.Count);
            for (var turn = 0; turn <= turns[client]; turn++)
            {
                Assert.Contains(Text(client, turn), users[turn], StringComparison.Ordinal);
            }
        });
    }

    private static string Text(int client, int turn) => $"client {client} turn {turn}";

    /// <summary>The upstream: a short Chat Completions answer, streamed when asked.</summary>
    private static async Task AnswerAsync(ReceivedRequest request, HttpContext http)
    {
        var stream = request.Body?["stream"]?.GetValue<bool>() == true;
        const string Usage = """{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}""";
        if (!stream)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync($$"""{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"{{Answer}}"},"finish_reason":"stop"}],"usage":{{Usage}}}""");
            return;
        }

        http.Response.ContentType = "text/event-stream";
        var sse = new StringBuilder()
            .Append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + Answer + "\"},\"finish_reason\":null}]}\n\n")
            .Append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":" + Usage + "}\n\n")
            .Append("data: [DONE]\n\n");
        await http.Response.WriteAsync(sse.ToString());
    }
}
