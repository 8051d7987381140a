using System.Text;
using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>OpenAI Chat Completions as api.openai.com answers (shapes from the recorded fixtures in Fixtures/openai-chat).</summary>
public sealed class ChatWire : IFamilyWire
{
    public string PathPrefix => "/v1/chat/completions";

    public bool IsStreaming(string path, JsonNode body) => (bool?)body["stream"] == true;

    public IReadOnlyList<string> ToolNames(JsonNode body) =>
        [.. WireText.Items(body["tools"]).Select(t => (string?)t["function"]?["name"]).OfType<string>()];

    public IReadOnlyList<string> ToolResults(JsonNode body) =>
        [.. WireText.Items(body["messages"]).Where(m => (string?)m["role"] == "tool").Select(m => WireText.ContentText(m["content"]))];

    public string? Rejection(JsonNode body)
    {
        var called = WireText.Items(body["messages"]).SelectMany(m => WireText.Items(m["tool_calls"])).Select(c => (string?)c["id"]).ToHashSet();
        var orphan = WireText.Items(body["messages"]).FirstOrDefault(m => (string?)m["role"] == "tool" && !called.Contains((string?)m["tool_call_id"]));
        return orphan is null ? null : "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
    }

    public string ErrorJson(string message) =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["param"] = "messages", ["code"] = null } }.ToJsonString();

    public string Json(ModelAnswer answer, JsonNode body)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = answer.Text, ["refusal"] = null, ["annotations"] = new JsonArray() };
        if (answer.IsToolCall)
        {
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = WireText.NewId("call_"),
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = answer.ToolName, ["arguments"] = answer.ToolArguments },
            });
        }

        var completion = Envelope(body, "chat.completion");
        completion["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = message,
            ["logprobs"] = null,
            ["finish_reason"] = answer.IsToolCall ? "tool_calls" : "stop",
        });
        completion["usage"] = Usage();
        return completion.ToJsonString();
    }

    public string Sse(ModelAnswer answer, JsonNode body)
    {
        var sse = new StringBuilder();
        void Chunk(JsonObject delta, string? finish, JsonObject? usage = null)
        {
            var chunk = Envelope(body, "chat.completion.chunk");
            chunk["choices"] = usage is null
                ? new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish })
                : new JsonArray();
            chunk["usage"] = usage;
            sse.Append("data: ").Append(chunk.ToJsonString()).Append("\n\n");
        }

        Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null }, null);
        if (answer.IsToolCall)
        {
            Chunk(ToolDelta(new JsonObject { ["id"] = WireText.NewId("call_"), ["type"] = "function", ["function"] = new JsonObject { ["name"] = answer.ToolName, ["arguments"] = "" } }), null);
            foreach (var piece in WireText.Deltas(answer.ToolArguments!))
            {
                Chunk(ToolDelta(new JsonObject { ["function"] = new JsonObject { ["arguments"] = piece } }), null);
            }
        }
        else
        {
            foreach (var piece in WireText.Deltas(answer.Text!))
            {
                Chunk(new JsonObject { ["content"] = piece }, null);
            }
        }

        Chunk(new JsonObject(), answer.IsToolCall ? "tool_calls" : "stop");
        if ((bool?)body["stream_options"]?["include_usage"] == true)
        {
            Chunk(new JsonObject(), null, Usage());
        }

        return sse.Append("data: [DONE]\n\n").ToString();
    }

    private static JsonObject ToolDelta(JsonObject call)
    {
        call["index"] = 0;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static JsonObject Envelope(JsonNode body, string kind) => new()
    {
        ["id"] = "chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0",
        ["object"] = kind,
        ["created"] = WireText.Now,
        ["model"] = (string?)body["model"],
        ["service_tier"] = "default",
        ["system_fingerprint"] = "fp_de604bd877",
    };

    private static JsonObject Usage() => new()
    {
        ["prompt_tokens"] = 120,
        ["completion_tokens"] = 18,
        ["total_tokens"] = 138,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0, ["audio_tokens"] = 0 },
    };
}
