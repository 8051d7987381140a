using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Anthropic;
using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Testing;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>
/// Godex with a scripted upstream behind two providers: `openai` (type openai-responses, base_url with
/// /v1 as OpenAI's SDKs take it) for gpt-* models and `local` (type openai) for deepseek-* models,
/// plus the mock. Clients authenticate with a Bearer key, as OpenAI clients do.
/// </summary>
public sealed class ResponsesGateway : UpstreamGateway
{
    private ResponsesGateway(ScriptedUpstream upstream, GodexHost godex)
        : base(upstream, godex)
    {
    }

    public static Task<ResponsesGateway> StartAsync() => StartAsync(
        static upstream => ProtocolGatewayConfig.Yaml(
            upstream,
            $$"""openai: { type: openai-responses, base_url: "{{upstream.ChatBaseUrl}}", api_key: "${LOCAL_API_KEY}" }""",
            """{ openai: [ "gpt-" ], local: [ "deepseek-" ] }"""),
        UpstreamConfig.Environment,
        static (upstream, godex) => new ResponsesGateway(upstream, godex));

    /// <summary>POSTs as Codex does: Bearer key, plus any extra headers (session_id, originator, ...).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = Sse.Post(path, json, UpstreamConfig.ClientKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Godex.Http.SendAsync(request);
    }

    /// <summary>The (event, data) pairs of a Responses stream; each `event:` line must equal the data's type.</summary>
    public static List<(string Event, JsonNode Data)> Events(string body) => AnthropicGateway.Events(body);

    /// <summary>The recorded streams of a fixture holding several turns, one per response.created.</summary>
    public static List<string> Turns(string fixture) => ResponsesTurns.Split(ScriptedUpstream.Fixture(fixture));

    /// <summary>The `item` of every output_item.done event, in order.</summary>
    public static List<JsonNode> DoneItems(List<(string Event, JsonNode Data)> events) =>
        [.. events.Where(e => e.Event == "response.output_item.done").Select(e => e.Data["item"]!)];

    /// <summary>Checks the stream's sequence numbers count from 0 and it ends in exactly one terminal event.</summary>
    public static void AssertSequenced(List<(string Event, JsonNode Data)> events)
    {
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => (int)e.Data["sequence_number"]!));
        Assert.Equal(["response.created", "response.in_progress"], events.Take(2).Select(e => e.Event));
        Assert.Single(events, e => e.Event is "response.completed" or "response.incomplete" or "response.failed");
        Assert.Contains(events[^1].Event, new[] { "response.completed", "response.incomplete", "response.failed" });
    }
}
