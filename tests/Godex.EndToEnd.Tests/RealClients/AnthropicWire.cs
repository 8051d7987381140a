using System.Text;
using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// Anthropic Messages as api.anthropic.com answers (shapes from Fixtures/anthropic): a signed thinking
/// block first when the request enables thinking, and the API's own rule that a tool_use turn replayed
/// with thinking on must still start with that block.
/// </summary>
public sealed class AnthropicWire : IFamilyWire
{
    public const string Signature = "EqMDCkYIBxgCKkBTkZ6u8B0xvOqGMmbAT7NNXbBv9Oz1oZ7tVf9tmWmhHqzqFw0Z";
    private const string ThinkingText = "The user wants a short answer.";

    public string PathPrefix => "/v1/messages";

    public bool IsStreaming(string path, JsonNode body) => (bool?)body["stream"] == true;

    public IReadOnlyList<string> ToolNames(JsonNode body) => [.. WireText.Items(body["tools"]).Select(t => (string?)t["name"]).OfType<string>()];

    public IReadOnlyList<string> ToolResults(JsonNode body) =>
        [.. Blocks(body).Where(b => (string?)b["type"] == "tool_result").Select(b => WireText.ContentText(b["content"]))];

    public string? Rejection(JsonNode body)
    {
        var messages = WireText.Items(body["messages"]).ToList();
        for (var index = 0; index < messages.Count; index++)
        {
            var content = WireText.Items(messages[index]["content"]).ToList();
            var toolUse = content.FindIndex(b => (string?)b["type"] == "tool_use");
            if ((string?)messages[index]["role"] == "assistant" && toolUse >= 0 && Thinking(body)
                && (string?)content[0]["type"] is not ("thinking" or "redacted_thinking"))
            {
                return $"messages.{index}.content.0.type: Expected `thinking` or `redacted_thinking`, but found `{(string?)content[0]["type"]}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks).";
            }

            if ((string?)content.FirstOrDefault()?["type"] == "thinking"
                && ((string?)content[0]["signature"] != Signature || (string?)content[0]["thinking"] != ThinkingText))
            {
                return $"messages.{index}.content.0: Invalid `signature` in `thinking` block";
            }

            var previous = index > 0 ? WireText.Items(messages[index - 1]["content"]).Select(b => (string?)b["id"]).ToHashSet() : [];
            var orphan = content.FirstOrDefault(b => (string?)b["type"] == "tool_result" && !previous.Contains((string?)b["tool_use_id"]));
            if (orphan is not null)
            {
                return $"messages.{index}.content.0: unexpected `tool_use_id` found in `tool_result` blocks: {(string?)orphan["tool_use_id"]}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
            }
        }

        return null;
    }

    public string ErrorJson(string message) =>
        new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["message"] = message } }.ToJsonString();

    public string Json(ModelAnswer answer, JsonNode body)
    {
        var message = Message(body, answer);
        message["content"] = new JsonArray([.. Content(body, answer)]);
        message["stop_reason"] = answer.IsToolCall ? "tool_use" : "end_turn";
        return message.ToJsonString();
    }

    public string Sse(ModelAnswer answer, JsonNode body)
    {
        var sse = new StringBuilder();
        void Event(string type, JsonObject data)
        {
            data["type"] = type;
            sse.Append("event: ").Append(type).Append('\n').Append("data: ").Append(data.ToJsonString()).Append("\n\n");
        }

        var start = Message(body, answer);
        start["content"] = new JsonArray();
        start["stop_reason"] = null;
        Event("message_start", new JsonObject { ["message"] = start });
        var index = 0;
        foreach (var block in Content(body, answer))
        {
            var opening = block.DeepClone().AsObject();
            switch ((string?)block["type"])
            {
                case "thinking":
                    (opening["thinking"], opening["signature"]) = ("", "");
                    Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = opening });
                    Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "thinking_delta", ["thinking"] = block["thinking"]!.DeepClone() } });
                    Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "signature_delta", ["signature"] = Signature } });
                    break;
                case "tool_use":
                    opening["input"] = new JsonObject();
                    Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = opening });
                    Event("ping", []);
                    foreach (var piece in WireText.Deltas(answer.ToolArguments!))
                    {
                        Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece } });
                    }

                    break;
                default:
                    opening["text"] = "";
                    Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = opening });
                    foreach (var piece in WireText.Deltas(answer.Text!))
                    {
                        Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
                    }

                    break;
            }

            Event("content_block_stop", new JsonObject { ["index"] = index++ });
        }

        Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = answer.IsToolCall ? "tool_use" : "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["input_tokens"] = 849, ["cache_creation_input_tokens"] = 0, ["cache_read_input_tokens"] = 0, ["output_tokens"] = 47 },
        });
        Event("message_stop", []);
        return sse.ToString();
    }

    private static bool Thinking(JsonNode body) => (string?)body["thinking"]?["type"] is "enabled" or "adaptive";

    private static IEnumerable<JsonNode> Blocks(JsonNode body) => WireText.Items(body["messages"]).SelectMany(m => WireText.Items(m["content"]));

    private static IEnumerable<JsonObject> Content(JsonNode body, ModelAnswer answer)
    {
        if (Thinking(body))
        {
            yield return new JsonObject { ["type"] = "thinking", ["thinking"] = ThinkingText, ["signature"] = Signature };
        }

        yield return answer.IsToolCall
            ? new JsonObject { ["type"] = "tool_use", ["id"] = WireText.NewId("toolu_01"), ["name"] = answer.ToolName, ["input"] = JsonNode.Parse(answer.ToolArguments!) }
            : new JsonObject { ["type"] = "text", ["text"] = answer.Text };
    }

    private static JsonObject Message(JsonNode body, ModelAnswer answer) => new()
    {
        ["model"] = (string?)body["model"],
        ["id"] = "msg_01K2JbSUMYhez5RHoK9ZCj9U",
        ["type"] = "message",
        ["role"] = "assistant",
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = 849,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = 0,
            ["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = 0, ["ephemeral_1h_input_tokens"] = 0 },
            ["output_tokens"] = answer.IsToolCall ? 47 : 10,
            ["service_tier"] = "standard",
        },
    };
}
