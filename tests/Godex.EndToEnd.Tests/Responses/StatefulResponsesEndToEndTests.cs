using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>
/// A Responses upstream configured `stateful` keeps the conversation itself: Godex sends it its own
/// id for the previous turn and only the new input, while still storing every turn so the chain can
/// move to a stateless provider. Stored responses belong to the client key that made them.
/// </summary>
public sealed class StatefulResponsesEndToEndTests : IAsyncLifetime
{
    private const string SecondKey = "godex-second-client-key";

    private UpstreamGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await UpstreamGateway.StartAsync(
            upstream => $$"""
            keys: [ "${GODEX_API_KEY}", "{{SecondKey}}" ]
            providers:
              openai:
                type: openai-responses
                base_url: {{upstream.ChatBaseUrl}}
                api_key: ${LOCAL_API_KEY}
                stateful: true
              plain:
                type: openai-responses
                base_url: {{upstream.ChatBaseUrl}}
                api_key: ${LOCAL_API_KEY}
              local:
                type: openai
                base_url: {{upstream.ChatBaseUrl}}
                api_key: ${LOCAL_API_KEY}
            routing:
              patterns: { openai: [ "gpt-" ], plain: [ "o4-" ], local: [ "deepseek-" ] }
            """,
            UpstreamConfig.Environment);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_stateful_upstream_is_sent_its_own_response_id_and_only_the_new_input()
    {
        _gateway.Upstream.ReplyJson(Answer("resp_up_1", "First answer."));
        var (_, first) = await PostAsync("""{"model":"gpt-5","instructions":"Be brief.","input":"first question"}""");
        var firstId = (string)first["id"]!;
        Assert.NotEqual("resp_up_1", firstId);
        Assert.Null(Take().Body!["previous_response_id"]);

        _gateway.Upstream.ReplyJson(Answer("resp_up_2", "Second answer."));
        var (status, second) = await PostAsync($$"""{"model":"gpt-5","previous_response_id":"{{firstId}}","input":"second question"}""");

        Assert.Equal(200, status);
        Assert.Equal("Second answer.", (string?)second["output"]![0]!["content"]![0]!["text"]);
        Assert.Equal(firstId, (string?)second["previous_response_id"]);
        var sent = Take().Body!;
        Assert.Equal("resp_up_1", (string?)sent["previous_response_id"]);
        var input = sent["input"]!.AsArray();
        Assert.Single(input);
        Assert.Contains("second question", input[0]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Be brief.", (string?)sent["instructions"]); // the session's instructions, which OpenAI does not carry over

        // Streamed, the upstream's id arrives in response.created; the next turn names it.
        var streamed = ResponsesGateway.Turns("responses/reasoning-encrypted.sse")[0];
        var streamedUpstreamId = (string?)ResponsesGateway.Events(streamed)[0].Data["response"]!["id"];
        _gateway.Upstream.ReplySse(streamed);
        using (var response = await SendAsync(Sse.Post("/v1/responses", $$"""{"model":"gpt-5","stream":true,"previous_response_id":"{{second["id"]}}","input":"third"}""", UpstreamConfig.ClientKey)))
        {
            var events = ResponsesGateway.Events(await response.Content.ReadAsStringAsync());
            Assert.Equal("resp_up_2", (string?)Take().Body!["previous_response_id"]);
            var thirdId = (string)events[0].Data["response"]!["id"]!;
            _gateway.Upstream.ReplyJson(Answer("resp_up_4", "Fourth."));
            await PostAsync($$"""{"model":"gpt-5","previous_response_id":"{{thirdId}}","input":"fourth"}""");
            Assert.Equal(streamedUpstreamId, (string?)Take().Body!["previous_response_id"]);
        }
    }

    [Fact]
    public async Task A_chain_moved_to_a_stateless_provider_is_expanded_from_what_godex_stored()
    {
        _gateway.Upstream.ReplyJson(Answer("resp_up_a", "Paris."));
        var (_, first) = await PostAsync("""{"model":"gpt-5","input":"capital of France?"}""");
        Take();

        _gateway.Upstream.ReplyJson(ChatAnswer("About 2 million."));
        var (status, second) = await PostAsync($$"""{"model":"deepseek-chat","previous_response_id":"{{first["id"]}}","input":"population?"}""");

        Assert.Equal(200, status);
        var messages = Take().Body!["messages"]!.AsArray();
        Assert.Equal(["capital of France?", "Paris.", "population?"], messages.Select(m => (string?)m!["content"] ?? m!["content"]![0]!["text"]!.ToString()));

        // And back to the stateful provider: its last turn there is not the parent, so the chain is expanded too.
        _gateway.Upstream.ReplyJson(Answer("resp_up_c", "Yes."));
        await PostAsync($$"""{"model":"gpt-5","previous_response_id":"{{second["id"]}}","input":"sure?"}""");
        var sent = Take().Body!;
        Assert.Null(sent["previous_response_id"]);
        Assert.Equal(5, sent["input"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_provider_not_configured_stateful_never_sees_previous_response_id()
    {
        _gateway.Upstream.ReplyJson(Answer("resp_plain_1", "One."));
        var (_, first) = await PostAsync("""{"model":"o4-mini","input":"one"}""");
        Take();
        _gateway.Upstream.ReplyJson(Answer("resp_plain_2", "Two."));
        await PostAsync($$"""{"model":"o4-mini","previous_response_id":"{{first["id"]}}","input":"two"}""");

        var sent = Take().Body!;
        Assert.Null(sent["previous_response_id"]);
        Assert.Equal(3, sent["input"]!.AsArray().Count);
    }

    [Fact]
    public async Task Another_client_key_cannot_read_continue_or_delete_a_stored_response()
    {
        _gateway.Upstream.ReplyJson(Answer("resp_up_k", "Mine."));
        var (_, first) = await PostAsync("""{"model":"gpt-5","input":"private question"}""");
        var id = (string)first["id"]!;
        Take();

        Assert.Equal(404, (int)(await SendAsync(Request(HttpMethod.Get, $"/v1/responses/{id}", SecondKey))).StatusCode);
        Assert.Equal(404, (int)(await SendAsync(Request(HttpMethod.Get, $"/v1/responses/{id}/input_items", SecondKey))).StatusCode);
        Assert.Equal(404, (int)(await SendAsync(Request(HttpMethod.Delete, $"/v1/responses/{id}", SecondKey))).StatusCode);
        var (status, refused) = await PostAsync($$"""{"model":"gpt-5","previous_response_id":"{{id}}","input":"let me see"}""", SecondKey);
        Assert.Equal((404, "session.not_found"), (status, (string?)refused["error"]!["code"]));
        Assert.True(_gateway.Upstream.Received.IsEmpty);

        Assert.Equal(200, (int)(await SendAsync(Request(HttpMethod.Get, $"/v1/responses/{id}", UpstreamConfig.ClientKey))).StatusCode);
    }

    private async Task<(int Status, JsonNode Body)> PostAsync(string json, string key = UpstreamConfig.ClientKey)
    {
        using var response = await SendAsync(Sse.Post("/v1/responses", json, key));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The one request the upstream received since the last call.</summary>
    private ReceivedRequest Take()
    {
        Assert.True(_gateway.Upstream.Received.TryDequeue(out var request));
        Assert.True(_gateway.Upstream.Received.IsEmpty);
        return request;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _gateway.Godex.Http.SendAsync(request);

    private static HttpRequestMessage Request(HttpMethod method, string path, string key) =>
        new(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

    private static string Answer(string id, string text) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "response",
        ["created_at"] = 1787162400,
        ["status"] = "completed",
        ["model"] = "gpt-5",
        ["output"] = new JsonArray(new JsonObject
        {
            ["type"] = "message",
            ["id"] = "msg_" + id,
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
        }),
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = 12,
            ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            ["output_tokens"] = 3,
            ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
            ["total_tokens"] = 15,
        },
    }.ToJsonString();

    private static string ChatAnswer(string text) => new JsonObject
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion",
        ["created"] = 1787162400,
        ["model"] = "deepseek-chat",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 20, ["completion_tokens"] = 4, ["total_tokens"] = 24 },
    }.ToJsonString();
}
