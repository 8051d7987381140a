using System.Text;
using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// OpenAI Responses API as api.openai.com answers a reasoning model (shapes from Fixtures/responses):
/// an encrypted reasoning item first, then a message or a function_call, with sequence numbers.
/// </summary>
public sealed class ResponsesWire : IFamilyWire
{
    public const string EncryptedReasoning = "gAAAAABpPDIVYBwu2ljdVyeU-6Xu1R6056Ogp5vu5omQhuke_vFFLEfQzzhhTQ3W5fqw0KGai3V42B5KAvAOdPnQ";

    public string PathPrefix => "/v1/responses";

    public bool IsStreaming(string path, JsonNode body) => (bool?)body["stream"] == true;

    public IReadOnlyList<string> ToolNames(JsonNode body) =>
        [.. WireText.Items(body["tools"]).SelectMany(t => WireText.Items(t["tools"]).Prepend(t)).Select(t => (string?)t["name"]).OfType<string>()];

    public IReadOnlyList<string> ToolResults(JsonNode body) =>
        [.. Input(body).Where(i => (string?)i["type"] is "function_call_output" or "custom_tool_call_output").Select(i => WireText.ContentText(i["output"]))];

    public string? Rejection(JsonNode body)
    {
        var called = Input(body).Where(i => (string?)i["type"] is "function_call" or "custom_tool_call").Select(i => (string?)i["call_id"]).ToHashSet();
        var orphan = Input(body).FirstOrDefault(i => (string?)i["type"] is "function_call_output" or "custom_tool_call_output" && !called.Contains((string?)i["call_id"]));
        return orphan is null ? null : $"No tool call found for function call output with call_id {(string?)orphan["call_id"]}.";
    }

    public string ErrorJson(string message) =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["param"] = "input", ["code"] = null } }.ToJsonString();

    public string Json(ModelAnswer answer, JsonNode body) => Response(body, answer, "completed", Output(answer)).ToJsonString();

    public string Sse(ModelAnswer answer, JsonNode body)
    {
        var sse = new StringBuilder();
        var sequence = 0;
        void Event(string type, JsonObject data)
        {
            data["type"] = type;
            data["sequence_number"] = sequence++;
            sse.Append("event: ").Append(type).Append('\n').Append("data: ").Append(data.ToJsonString()).Append("\n\n");
        }

        Event("response.created", new JsonObject { ["response"] = Response(body, answer, "in_progress", []) });
        Event("response.in_progress", new JsonObject { ["response"] = Response(body, answer, "in_progress", []) });
        var output = Output(answer);
        for (var index = 0; index < output.Count; index++)
        {
            var done = output[index];
            var id = (string)done["id"]!;
            var added = done.DeepClone().AsObject();
            switch ((string?)done["type"])
            {
                case "message":
                    added["status"] = "in_progress";
                    added["content"] = new JsonArray();
                    Event("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = added });
                    Event("response.content_part.added", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["part"] = new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = "" } });
                    foreach (var piece in WireText.Deltas(answer.Text!))
                    {
                        Event("response.output_text.delta", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["delta"] = piece, ["logprobs"] = new JsonArray() });
                    }

                    Event("response.output_text.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["text"] = answer.Text, ["logprobs"] = new JsonArray() });
                    Event("response.content_part.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["part"] = done["content"]![0]!.DeepClone() });
                    break;
                case "function_call":
                    added["status"] = "in_progress";
                    added["arguments"] = "";
                    Event("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = added });
                    foreach (var piece in WireText.Deltas(answer.ToolArguments!))
                    {
                        Event("response.function_call_arguments.delta", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["delta"] = piece });
                    }

                    Event("response.function_call_arguments.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["arguments"] = answer.ToolArguments });
                    break;
                default:
                    Event("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = added });
                    break;
            }

            Event("response.output_item.done", new JsonObject { ["output_index"] = index, ["item"] = done.DeepClone() });
        }

        Event("response.completed", new JsonObject { ["response"] = Response(body, answer, "completed", output) });
        return sse.ToString();
    }

    private static IEnumerable<JsonNode> Input(JsonNode body) => WireText.Items(body["input"]);

    private static List<JsonObject> Output(ModelAnswer answer)
    {
        var reasoning = new JsonObject { ["id"] = "rs_01830d662ab38565", ["type"] = "reasoning", ["encrypted_content"] = EncryptedReasoning, ["summary"] = new JsonArray() };
        JsonObject item = answer.IsToolCall
            ? new() { ["id"] = "fc_01830d662ab38565", ["type"] = "function_call", ["status"] = "completed", ["arguments"] = answer.ToolArguments, ["call_id"] = WireText.NewId("call_"), ["name"] = answer.ToolName }
            : new()
            {
                ["id"] = "msg_01830d662ab38565",
                ["type"] = "message",
                ["status"] = "completed",
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = answer.Text }),
            };
        return [reasoning, item];
    }

    private static JsonObject Response(JsonNode body, ModelAnswer answer, string status, List<JsonObject> output) => new()
    {
        ["id"] = "resp_01830d662ab3856501693c321345c88190",
        ["object"] = "response",
        ["created_at"] = WireText.Now,
        ["status"] = status,
        ["background"] = false,
        ["error"] = null,
        ["incomplete_details"] = null,
        ["instructions"] = body["instructions"]?.DeepClone(),
        ["model"] = (string?)body["model"],
        ["output"] = new JsonArray([.. output.Select(o => (JsonNode)o.DeepClone())]),
        ["parallel_tool_calls"] = true,
        ["store"] = false,
        ["tool_choice"] = "auto",
        ["tools"] = new JsonArray(),
        ["usage"] = status == "completed"
            ? new JsonObject
            {
                ["input_tokens"] = 120,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                ["output_tokens"] = answer.IsToolCall ? 40 : 18,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 12 },
                ["total_tokens"] = answer.IsToolCall ? 160 : 138,
            }
            : null,
    };
}
