using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>Reads `GET /admin/api/events` in the background: each frame's event name and JSON, and the comment lines.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private EventStreamReader(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public ConcurrentQueue<(string Event, JsonNode Data)> Events { get; } = new();

    public ConcurrentQueue<string> Comments { get; } = new();

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _reading;

    public static async Task<EventStreamReader> OpenAsync(HttpClient http, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/api/events");
        request.Headers.Authorization = new("Bearer", key);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new EventStreamReader(response);
        await Infrastructure.Eventually.TrueAsync(() => !reader.Comments.IsEmpty, "the stream's first comment line");
        return reader;
    }

    /// <summary>The first event of this type that matches, waiting for it.</summary>
    public async Task<JsonNode> WaitForAsync(string type, Func<JsonNode, bool>? match = null)
    {
        JsonNode? found = null;
        await Infrastructure.Eventually.TrueAsync(() =>
        {
            found = Events.FirstOrDefault(item => item.Event == type && (match is null || match(item.Data))).Data;
            return found is not null;
        }, $"a '{type}' event", TimeSpan.FromSeconds(10));
        return found!;
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string? name = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith(':'))
                {
                    Comments.Enqueue(line[1..].Trim());
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    var data = JsonNode.Parse(line["data: ".Length..])!;
                    Assert.Equal(name, (string?)data["type"]);
                    Events.Enqueue((name!, data));
                    name = null;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _response.Dispose();
        _stop.Dispose();
    }
}
