using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Conformance;
using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Wire;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>What a failure must look like to each client protocol, checked on the raw wire and with the protocol's own reader.</summary>
public static class ClientFailures
{
    /// <summary>
    /// A committed stream that failed: the protocol's error ending (Chat an error chunk and no `[DONE]`;
    /// Responses `error` then `response.failed`; Anthropic `event: error` and no `message_stop`; Gemini an
    /// error object), after text starting with <paramref name="text"/>. Returns the error as the client reads it.
    /// </summary>
    public static async Task<GodexError> AssertStreamEndsInErrorAsync(ClientProtocol client, byte[] body, string text)
    {
        var events = new List<StreamEvent>();
        await foreach (var streamEvent in client.ReadStream(new MemoryStream(body)))
        {
            events.Add(streamEvent);
        }

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.StartsWith(text, string.Concat(events.OfType<TextDelta>().Select(delta => delta.Text)), StringComparison.Ordinal);
        var wire = Encoding.UTF8.GetString(body);
        var data = Sse.DataLines(wire);
        var names = EventNames(wire);
        switch (client.Name)
        {
            case UpstreamFamily.Chat:
                Assert.DoesNotContain("[DONE]", data);
                Assert.NotNull(JsonNode.Parse(data[^1])!["error"]?["message"]);
                break;
            case UpstreamFamily.Responses:
                Assert.Equal(["error", "response.failed"], names.TakeLast(2));
                Assert.DoesNotContain("response.completed", names);
                break;
            case UpstreamFamily.Anthropic:
                Assert.Equal("error", names[^1]);
                Assert.DoesNotContain("message_stop", names);
                break;
            default:
                Assert.NotNull(JsonNode.Parse(data[^1])!["error"]?["code"]);
                break;
        }

        return failed.Error;
    }

    /// <summary>An error answer: <paramref name="status"/> and the protocol's error body holding <paramref name="message"/>.</summary>
    public static void AssertError(ClientProtocol client, HttpResponseMessage response, byte[] body, int status, string message)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(body)!;
        var error = json["error"]!;
        switch (client.Name)
        {
            case UpstreamFamily.Anthropic:
                Assert.Equal("error", (string?)json["type"]);
                Assert.NotNull((string?)error["type"]);
                break;
            case UpstreamFamily.Gemini:
                Assert.Equal(status, (int?)error["code"]);
                Assert.NotNull((string?)error["status"]);
                break;
            default:
                Assert.NotNull((string?)error["type"]);
                break;
        }

        Assert.Contains(message, (string?)error["message"], StringComparison.Ordinal);
    }

    private static List<string> EventNames(string wire)
    {
        var names = new List<string>();
        foreach (var line in wire.Split('\n'))
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                names.Add(line["event: ".Length..].TrimEnd('\r'));
            }
        }

        return names;
    }
}
