using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Anthropic;
using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>Stored responses on the default SQLite file.</summary>
public sealed class StoredResponsesOnSqliteTests() : StoredResponsesEndToEndTests("sqlite");

/// <summary>The same suite with `storage.postgres`, on a real PostgreSQL server.</summary>
public sealed class StoredResponsesOnPostgresTests() : StoredResponsesEndToEndTests("postgres");

/// <summary>Stored responses and previous_response_id chains, from a Responses client to stateless upstreams.</summary>
public abstract class StoredResponsesEndToEndTests(string engine) : IAsyncLifetime
{
    private SessionGateway _gateway = null!;

    private ScriptedUpstream Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await SessionGateway.StartAsync("sessions: { max_chain_depth: 25 }", engine);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("gpt-4.1")]
    public async Task A_20_turn_chain_with_tool_calls_reaches_the_upstream_whole_every_turn(string model)
    {
        string? previous = null;
        for (var turn = 0; turn < 20; turn++)
        {
            // Even turns ask (the model calls a tool); odd turns answer that call (the model replies in text).
            var input = turn % 2 == 0
                ? $$"""[{"role":"user","content":"question {{turn}}"}]"""
                : $$"""[{"type":"function_call_output","call_id":"call_{{turn - 1}}","output":"result {{turn - 1}}"}]""";
            ScriptReply(model, turn);
            var instructions = turn == 0 ? ",\"instructions\":\"Use the add tool.\"" : "";
            const string Tools = """ "tools":[{"type":"function","name":"add","parameters":{"type":"object","properties":{"n":{"type":"integer"}}}}]""";
            var (status, body) = await _gateway.PostAsync($$"""{"model":"{{model}}","input":{{input}}{{instructions}}{{Link(previous)}},{{Tools}}}""");

            Assert.True(status == 200, body.ToJsonString());
            Assert.Equal(previous, (string?)body["previous_response_id"]);
            previous = (string)body["id"]!;
            var sent = Upstream.Received.ToArray()[^1].Body!;
            if (model.StartsWith("claude", StringComparison.Ordinal))
            {
                AssertAnthropicConversation(sent, turn);
            }
            else
            {
                AssertChatConversation(sent, turn);
            }
        }
    }

    [Fact]
    public async Task The_chain_continues_on_a_new_godex_started_on_the_same_database()
    {
        string? previous = null;
        for (var turn = 0; turn < 4; turn++)
        {
            if (turn == 2)
            {
                await _gateway.RestartAsync();
            }

            ScriptReply("gpt-4.1", turn);
            var input = turn % 2 == 0 ? $"\"question {turn}\"" : $$"""[{"type":"function_call_output","call_id":"call_{{turn - 1}}","output":"result {{turn - 1}}"}]""";
            var (status, body) = await _gateway.PostAsync($$"""{"model":"gpt-4.1","instructions":"Be exact.","input":{{input}}{{Link(previous)}}}""");
            Assert.True(status == 200, body.ToJsonString());
            previous = (string)body["id"]!;
        }

        AssertChatConversation(Upstream.Received.ToArray()[^1].Body!, 3);
    }

    [Fact]
    public async Task Fifty_chains_in_parallel_each_see_only_their_own_conversation()
    {
        for (var i = 0; i < 150; i++)
        {
            Upstream.ReplyJson(ChatText("ok"));
        }

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async chain =>
        {
            string? previous = null;
            for (var turn = 0; turn < 3; turn++)
            {
                var (status, body) = await _gateway.PostAsync($$"""{"model":"gpt-4.1","input":"chain {{chain}} turn {{turn}}"{{Link(previous)}}}""");
                Assert.True(status == 200, body.ToJsonString());
                previous = (string)body["id"]!;
            }
        }));

        var requests = Upstream.Received.ToArray();
        Assert.Equal(150, requests.Length);
        foreach (var request in requests)
        {
            var users = request.Body!["messages"]!.AsArray().Where(m => (string?)m!["role"] == "user").Select(m => (string)m!["content"]!).ToList();
            var chain = users[0].Split(' ')[1];
            Assert.Equal(Enumerable.Range(0, users.Count).Select(turn => $"chain {chain} turn {turn}"), users);
        }

        Assert.Equal(50, requests.Count(r => r.Body!["messages"]!.AsArray().Count == 5));
    }

    [Fact]
    public async Task Get_input_items_and_delete_answer_in_openai_shapes()
    {
        var (_, first) = await _gateway.PostAsync("""
            {"model":"mock","instructions":"Be kind.","input":[{"role":"developer","content":"d"},{"role":"user","content":"one"},{"role":"user","content":"two"}]}
            """);
        var id = (string)first["id"]!;
        var (_, second) = await _gateway.PostAsync($$"""{"model":"mock","input":"three","previous_response_id":"{{id}}"}""");
        Assert.Equal("Be kind.", (string?)second["instructions"]);

        var (status, got) = await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{id}");
        Assert.Equal(200, status);
        Assert.Equal(("response", "completed", true), ((string?)got["object"], (string?)got["status"], (bool)got["store"]!));
        Assert.True(JsonNode.DeepEquals(first["output"], got["output"]), got.ToJsonString());
        var (_, gotSecond) = await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{second["id"]}");
        Assert.Equal(id, (string?)gotSecond["previous_response_id"]);

        var (_, page1) = await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{id}/input_items?limit=2&order=asc");
        Assert.Equal("list", (string?)page1["object"]);
        Assert.Equal(["d", "one"], page1["data"]!.AsArray().Select(item => (string?)item!["content"]![0]!["text"]));
        Assert.True((bool)page1["has_more"]!);
        Assert.Equal((string?)page1["data"]![0]!["id"], (string?)page1["first_id"]);
        var (_, page2) = await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{id}/input_items?limit=2&order=asc&after={page1["last_id"]}");
        Assert.Equal(["two"], page2["data"]!.AsArray().Select(item => (string?)item!["content"]![0]!["text"]));
        Assert.False((bool)page2["has_more"]!);
        var (_, newestFirst) = await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{id}/input_items");
        Assert.Equal(["two", "one", "d"], newestFirst["data"]!.AsArray().Select(item => (string?)item!["content"]![0]!["text"]));
        var (badStatus, bad) = await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{id}/input_items?limit=500");
        Assert.Equal((400, "limit"), (badStatus, (string?)bad["error"]!["param"]));

        var (deleteStatus, deleted) = await _gateway.SendAsync(HttpMethod.Delete, $"/v1/responses/{id}");
        Assert.Equal(200, deleteStatus);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"id":"{{id}}","object":"response","deleted":true}"""), deleted));
        Assert.Equal(404, (await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{id}")).Status);
        Assert.Equal(404, (await _gateway.SendAsync(HttpMethod.Delete, $"/v1/responses/{id}")).Status);
        var (orphanStatus, orphan) = await _gateway.PostAsync($$"""{"model":"mock","input":"four","previous_response_id":"{{second["id"]}}"}""");
        Assert.Equal((404, "session.not_found"), (orphanStatus, (string?)orphan["error"]!["code"]));
    }

    [Fact]
    public async Task A_streamed_turn_is_stored_under_the_id_the_client_saw_and_continues_at_once()
    {
        string? previous = null;
        for (var turn = 0; turn < 3; turn++)
        {
            var (status, body) = await _gateway.PostAsync($$"""{"model":"mock","stream":true,"input":"streamed {{turn}}"{{Link(previous)}}}""");
            Assert.Equal(200, status);
            var events = AnthropicGateway.Events((string)body!);
            var completed = events.Single(e => e.Event == "response.completed").Data["response"]!;
            Assert.Equal((string?)events[0].Data["response"]!["id"], (string?)completed["id"]);
            Assert.Equal(previous, (string?)completed["previous_response_id"]);
            previous = (string)completed["id"]!;

            var (_, got) = await _gateway.SendAsync(HttpMethod.Get, $"/v1/responses/{previous}");
            Assert.True(JsonNode.DeepEquals(completed["output"], got["output"]), got.ToJsonString());
        }
    }

    [Fact]
    public async Task A_missing_parent_is_a_404_session_not_found_in_openai_shape()
    {
        var (status, body) = await _gateway.PostAsync("""{"model":"mock","input":"x","previous_response_id":"resp_nope"}""");

        Assert.Equal(404, status);
        var error = body["error"]!;
        Assert.Equal(("session.not_found", "previous_response_id"), ((string?)error["code"], (string?)error["param"]));
        Assert.Contains("resp_nope", (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(Upstream.Received);
    }

    [Fact]
    public async Task A_chain_longer_than_max_chain_depth_is_refused()
    {
        string? previous = null;
        // max_chain_depth is 25: a turn may continue a chain of 25 stored responses, not 26.
        for (var turn = 0; turn <= 26; turn++)
        {
            var (status, body) = await _gateway.PostAsync($$"""{"model":"mock","input":"t{{turn}}"{{Link(previous)}}}""");
            if (turn < 26)
            {
                Assert.True(status == 200, body.ToJsonString());
                previous = (string)body["id"]!;
                continue;
            }

            Assert.Equal((400, "session.chain_too_deep"), (status, (string?)body["error"]!["code"]));
        }
    }

    [Fact]
    public async Task A_follow_up_with_only_a_tool_output_gets_its_call_and_instructions_back_from_the_session()
    {
        ScriptReply("gpt-4.1", 0);
        await _gateway.PostAsync("""{"model":"gpt-4.1","instructions":"Use the add tool.","input":"question 0","store":true}""");
        Upstream.ReplyJson(ChatText("done"));

        var (status, body) = await _gateway.PostAsync("""{"model":"gpt-4.1","store":false,"input":[{"type":"function_call_output","call_id":"call_0","output":"result 0"}]}""");

        Assert.True(status == 200, body.ToJsonString());
        Assert.False((bool)body["store"]!);
        var messages = Upstream.Received.ToArray()[^1].Body!["messages"]!.AsArray();
        Assert.Equal(["system", "assistant", "tool"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("Use the add tool.", (string?)messages[0]!["content"]);
        Assert.Equal("call_0", (string?)messages[1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("call_0", (string?)messages[2]!["tool_call_id"]);
    }

    private void ScriptReply(string model, int turn)
    {
        var claude = model.StartsWith("claude", StringComparison.Ordinal);
        var json = (turn % 2 == 0, claude) switch
        {
            (true, true) => """{"id":"msg_TURN","type":"message","role":"assistant","model":"MODEL","content":[{"type":"tool_use","id":"call_TURN","name":"add","input":{"n":TURN}}],"stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":5}}""",
            (true, false) => """{"id":"chatcmpl-TURN","object":"chat.completion","created":1,"model":"MODEL","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_TURN","type":"function","function":{"name":"add","arguments":"{\"n\":TURN}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""",
            (false, true) => """{"id":"msg_TURN","type":"message","role":"assistant","model":"MODEL","content":[{"type":"text","text":"answer TURN"}],"stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":5}}""",
            (false, false) => ChatText("answer TURN"),
        };
        Upstream.ReplyJson(json.Replace("TURN", turn.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("MODEL", model, StringComparison.Ordinal));
    }

    private static string Link(string? previous) => previous is null ? "" : $",\"previous_response_id\":\"{previous}\"";

    private static string ChatText(string text) =>
        $$$"""{"id":"chatcmpl-t","object":"chat.completion","created":1,"model":"gpt-4.1","choices":[{"index":0,"message":{"role":"assistant","content":"{{{text}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""";

    /// <summary>Turn n of the ask/answer pattern: every question, call, result and answer so far, in order, each call followed by its result.</summary>
    private static void AssertAnthropicConversation(JsonNode body, int turn)
    {
        Assert.Equal("Use the add tool.", SystemText(body["system"]));
        var messages = body["messages"]!.AsArray();
        Assert.Equal((2 * turn) + 1, messages.Count);
        for (var i = 0; i <= turn; i++)
        {
            var message = messages[2 * i]!;
            Assert.Equal("user", (string?)message["role"]);
            if (i % 2 == 0)
            {
                Assert.Contains($"question {i}", message.ToJsonString(), StringComparison.Ordinal);
            }
            else
            {
                var result = message["content"]!.AsArray().Single(block => (string?)block!["type"] == "tool_result")!;
                Assert.Equal($"call_{i - 1}", (string?)result["tool_use_id"]);
                var call = messages[(2 * i) - 1]!["content"]!.AsArray().Single(block => (string?)block!["type"] == "tool_use")!;
                Assert.Equal($"call_{i - 1}", (string?)call["id"]);
                Assert.Equal(i - 1, (int)call["input"]!["n"]!);
            }

            if (i > 0 && i % 2 == 0)
            {
                Assert.Contains($"answer {i - 1}", messages[(2 * i) - 1]!.ToJsonString(), StringComparison.Ordinal);
            }
        }
    }

    private static void AssertChatConversation(JsonNode body, int turn)
    {
        var messages = body["messages"]!.AsArray();
        Assert.Equal("system", (string?)messages[0]!["role"]);
        Assert.Equal((2 * turn) + 2, messages.Count);
        for (var i = 0; i <= turn; i++)
        {
            var message = messages[(2 * i) + 1]!;
            if (i % 2 == 0)
            {
                Assert.Equal(("user", $"question {i}"), ((string?)message["role"], (string?)message["content"]));
            }
            else
            {
                Assert.Equal(("tool", $"call_{i - 1}", $"result {i - 1}"), ((string?)message["role"], (string?)message["tool_call_id"], (string?)message["content"]));
                var call = messages[2 * i]!;
                Assert.Equal(("assistant", $"call_{i - 1}"), ((string?)call["role"], (string?)call["tool_calls"]![0]!["id"]));
            }

            if (i > 0 && i % 2 == 0)
            {
                Assert.Equal(("assistant", $"answer {i - 1}"), ((string?)messages[2 * i]!["role"], (string?)messages[2 * i]!["content"]));
            }
        }
    }

    private static string? SystemText(JsonNode? system) =>
        system is JsonArray blocks ? string.Concat(blocks.Select(block => (string?)block!["text"])) : (string?)system;
}
