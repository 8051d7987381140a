using System.Text.Json;
using System.Text.Json.Nodes;

using Godex.Wire.Gemini;
using Godex.Wire.Tests.Anthropic;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>
/// Reasoning of another family answered to a Gemini client rides on the functionCall's thoughtSignature,
/// so it survives a client that drops thought parts on replay (Gemini CLI) and reaches the upstream again.
/// </summary>
public class GeminiCarriedReasoningTests
{
    // A real Anthropic signature (Fixtures/anthropic/thinking-clear.json).
    private const string AnthropicSignature = "Er4BCkYICxgCKkCoxqLHLrx4mFL9Ox7/aHKht87WDzXfvZ7qbZKSnHV8imA5b3LXxuVqcXQ9z5sXwDx20JIW/+6DJehOSNK72L83Egx0T9s7VzB6QUK9g5kaDO9lGaWN5CPEDJU0lyIw4+Ed3q4N9w+16h3cfQ+9stJXHCl+1nYDxjIOLcyJT8Ug/LTmtlp4bbxWmmfNicayKiasdReHiOnqz1sKEF0pR4kcnF5mQGdLxk8q3A3NY+wGsH8MtUIqxRgB";
    private const string Thinking = "The user wants the file read; \"note.txt\" ünïcode.";

    [Fact]
    public void Anthropic_thinking_answered_to_a_gemini_client_survives_a_replay_without_thought_parts()
    {
        var answer = JsonNode.Parse(GeminiFixture.WriteResponse(ThinkingThenCall()))!;
        var model = answer["candidates"]![0]!["content"]!;

        var request = GeminiFixture.ReadRequest(ReplayWithoutThoughts(model));

        AssertThinkingBeforeCall(request.Messages[1]);
        var anthropic = AnthropicFixture.WriteRequest(request);
        var blocks = anthropic["messages"]![1]!["content"]!.AsArray();
        Assert.Equal("thinking", (string?)blocks[0]!["type"]);
        Assert.Equal(Thinking, (string?)blocks[0]!["thinking"]);
        Assert.Equal(AnthropicSignature, (string?)blocks[0]!["signature"]);
        Assert.Equal("tool_use", (string?)blocks[1]!["type"]);
    }

    [Fact]
    public void Streamed_anthropic_thinking_rides_on_the_streamed_function_call()
    {
        var body = GeminiFixture.WriteStream(
        [
            new ResponseStarted("msg_1", "claude-sonnet-4-5", DateTimeOffset.UnixEpoch),
            new PartStarted(0, PartKind.Reasoning),
            new ReasoningDelta(0, Thinking[..10]),
            new ReasoningDelta(0, Thinking[10..]),
            new ReasoningSignature(0, AnthropicSignature),
            new PartDone(0),
            new PartStarted(1, PartKind.ToolCall) { ToolCallId = "toolu_01", ToolName = "read_file" },
            new ToolArgumentsDelta(1, """{"file_path":"note.txt"}"""),
            new PartDone(1),
            new ResponseFinished(FinishReason.ToolCalls),
        ], sse: true);
        var model = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray() };
        foreach (var data in GeminiFixture.SseData(body))
        {
            foreach (var part in JsonNode.Parse(data)!["candidates"]![0]!["content"]!["parts"]!.AsArray())
            {
                model["parts"]!.AsArray().Add(part!.DeepClone());
            }
        }

        var request = GeminiFixture.ReadRequest(ReplayWithoutThoughts(model));

        AssertThinkingBeforeCall(request.Messages[1]);
    }

    [Fact]
    public void A_client_that_keeps_thought_parts_gets_the_reasoning_once()
    {
        var model = JsonNode.Parse(GeminiFixture.WriteResponse(ThinkingThenCall()))!["candidates"]![0]!["content"]!;

        var request = GeminiFixture.ReadRequest(Replay(model.DeepClone()));

        AssertThinkingBeforeCall(request.Messages[1]);
    }

    [Fact]
    public void Encrypted_reasoning_gemini_cannot_show_comes_back_too()
    {
        var response = Answer("gpt-5",
            new ReasoningPart { EncryptedContent = "gAAAAABencrypted==" },
            new ToolCallPart("call_1", "read_file", """{"file_path":"note.txt"}"""));
        var model = JsonNode.Parse(GeminiFixture.WriteResponse(response))!["candidates"]![0]!["content"]!;
        Assert.Single(model["parts"]!.AsArray()); // nothing a Gemini client can show: only the call

        var request = GeminiFixture.ReadRequest(ReplayWithoutThoughts(model));

        var parts = request.Messages[1].Parts;
        Assert.Equal("gAAAAABencrypted==", Assert.IsType<ReasoningPart>(parts[0]).EncryptedContent);
        Assert.IsType<ToolCallPart>(parts[1]);
    }

    [Fact]
    public void A_call_gemini_signed_keeps_its_own_signature()
    {
        var response = Answer("gemini-3-pro-preview",
            new ReasoningPart { Text = "Gemini's own thought summary" },
            new ToolCallPart("call_1", "read_file", "{}") { Signature = "CiQBjz1rX2geminisig" });

        var model = JsonNode.Parse(GeminiFixture.WriteResponse(response))!["candidates"]![0]!["content"]!;

        Assert.Equal("CiQBjz1rX2geminisig", (string?)model["parts"]![1]!["thoughtSignature"]);
        var call = GeminiFixture.ReadRequest(ReplayWithoutThoughts(model)).Messages[1].Parts.OfType<ToolCallPart>().Single();
        Assert.Equal("CiQBjz1rX2geminisig", call.Signature);
    }

    [Fact]
    public void A_damaged_carried_signature_is_the_clients_error()
    {
        var packed = GeminiCarriedReasoning.Pack([new ReasoningPart { Text = "x", Signature = "s" }]);
        var model = new JsonObject
        {
            ["role"] = "model",
            ["parts"] = new JsonArray(new JsonObject
            {
                ["functionCall"] = new JsonObject { ["name"] = "read_file", ["args"] = new JsonObject() },
                ["thoughtSignature"] = packed[..^6],
            }),
        };

        var error = Assert.Throws<GodexException>(() => GeminiFixture.ReadRequest(Replay(model))).Error;

        Assert.Equal(400, error.Status);
        Assert.Contains("contents[1].parts[0].thoughtSignature", error.Message, StringComparison.Ordinal);
    }

    private static ChatResponse ThinkingThenCall() => Answer("claude-sonnet-4-5",
        new ReasoningPart { Text = Thinking, Signature = AnthropicSignature },
        new ToolCallPart("toolu_01", "read_file", """{"file_path":"note.txt"}"""));

    private static ChatResponse Answer(string model, params ContentPart[] parts) =>
        new() { Id = "msg_1", Model = model, Parts = parts, FinishReason = FinishReason.ToolCalls };

    private static void AssertThinkingBeforeCall(ChatMessage message)
    {
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal(2, message.Parts.Count);
        var reasoning = Assert.IsType<ReasoningPart>(message.Parts[0]);
        Assert.Equal(Thinking, reasoning.Text);
        Assert.Equal(AnthropicSignature, reasoning.Signature);
        var call = Assert.IsType<ToolCallPart>(message.Parts[1]);
        Assert.Equal("read_file", call.Name);
        Assert.Null(call.Signature);
    }

    /// <summary>What Gemini CLI sends back: the model turn without its thought parts, then the function's result.</summary>
    private static string ReplayWithoutThoughts(JsonNode model)
    {
        var kept = new JsonArray([.. model["parts"]!.AsArray()
            .Where(static part => (bool?)part!["thought"] != true && !((string?)part!["text"] == "" && part["functionCall"] is null))
            .Select(static part => part!.DeepClone())]);
        return Replay(new JsonObject { ["role"] = "model", ["parts"] = kept });
    }

    private static string Replay(JsonNode model) => new JsonObject
    {
        ["contents"] = new JsonArray(
            new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = "Read note.txt" }) },
            model.DeepClone(),
            new JsonObject
            {
                ["role"] = "user",
                ["parts"] = new JsonArray(new JsonObject
                {
                    ["functionResponse"] = new JsonObject { ["name"] = "read_file", ["response"] = new JsonObject { ["output"] = "marker" } },
                }),
            }),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
