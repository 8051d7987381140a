using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>Small helpers for talking to the gateway as a raw HTTP client would.</summary>
public static class Sse
{
    /// <summary>The `data:` payloads of an SSE body, in order.</summary>
    public static List<string> DataLines(string body)
    {
        var lines = new List<string>();
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                lines.Add(line["data: ".Length..].TrimEnd('\r'));
            }
        }

        return lines;
    }

    /// <summary>The JSON chunks of a Chat Completions stream (everything but [DONE]).</summary>
    public static List<JsonNode> Chunks(string body) =>
        [.. DataLines(body).Where(line => line != "[DONE]").Select(line => JsonNode.Parse(line)!)];

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static HttpRequestMessage Post(string path, string json, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }
}
