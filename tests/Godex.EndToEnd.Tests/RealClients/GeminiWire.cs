using System.Text;
using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// Gemini generateContent as a Gemini 3 model answers (shapes from Fixtures/gemini): a thoughtSignature
/// on the functionCall part (or the last text part), and the API's rule that a replayed functionCall
/// without its signature is a 400.
/// </summary>
public sealed class GeminiWire : IFamilyWire
{
    public const string Signature = "EqUCCqICAb4+9vsh8Pd5taZVoPzSvjWWwzBrvhEQWBLCGa7IdY8FBMm7Z6dCKFU3Ft0la15gF7RaHe1NlPRygQec0bFw";

    public string PathPrefix => "/v1beta/models/";

    public bool IsStreaming(string path, JsonNode body) => path.EndsWith(":streamGenerateContent", StringComparison.Ordinal);

    public IReadOnlyList<string> ToolNames(JsonNode body) =>
        [.. WireText.Items(body["tools"]).SelectMany(t => WireText.Items(t["functionDeclarations"])).Select(f => (string?)f["name"]).OfType<string>()];

    public IReadOnlyList<string> ToolResults(JsonNode body) =>
        [.. Parts(body).Select(p => p["functionResponse"]?["response"]).OfType<JsonNode>().Select(r => r.ToJsonString())];

    public string? Rejection(JsonNode body)
    {
        var position = 0;
        foreach (var content in WireText.Items(body["contents"]))
        {
            foreach (var part in WireText.Items(content["parts"]))
            {
                position++;
                if (part["functionCall"] is { } call && (string?)part["thoughtSignature"] is null or "")
                {
                    return $"Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:{(string?)call["name"]}` , position {position}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.";
                }
            }
        }

        return null;
    }

    public string ErrorJson(string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = 400, ["message"] = message, ["status"] = "INVALID_ARGUMENT" } }.ToJsonString();

    public string Json(ModelAnswer answer, JsonNode body)
    {
        JsonObject part = answer.IsToolCall
            ? new() { ["functionCall"] = FunctionCall(answer), ["thoughtSignature"] = Signature }
            : new() { ["text"] = answer.Text, ["thoughtSignature"] = Signature };
        return Chunk(body, [part], "STOP").ToJsonString();
    }

    public string Sse(ModelAnswer answer, JsonNode body)
    {
        var chunks = new List<JsonObject>();
        if (answer.IsToolCall)
        {
            chunks.Add(Chunk(body, [new JsonObject { ["functionCall"] = FunctionCall(answer), ["thoughtSignature"] = Signature }], null));
            chunks.Add(Chunk(body, [new JsonObject { ["text"] = "" }], "STOP"));
        }
        else
        {
            chunks.AddRange(WireText.Deltas(answer.Text!).Select(piece => Chunk(body, [new JsonObject { ["text"] = piece }], null)));
            chunks.Add(Chunk(body, [new JsonObject { ["text"] = "", ["thoughtSignature"] = Signature }], "STOP"));
        }

        // Gemini's alt=sse frames end in CRLF CRLF.
        var sse = new StringBuilder();
        foreach (var chunk in chunks)
        {
            sse.Append("data: ").Append(chunk.ToJsonString()).Append("\r\n\r\n");
        }

        return sse.ToString();
    }

    private static IEnumerable<JsonNode> Parts(JsonNode body) => WireText.Items(body["contents"]).SelectMany(c => WireText.Items(c["parts"]));

    private static JsonObject FunctionCall(ModelAnswer answer) => new() { ["name"] = answer.ToolName, ["args"] = JsonNode.Parse(answer.ToolArguments!) };

    private static JsonObject Chunk(JsonNode body, JsonArray parts, string? finish)
    {
        var candidate = new JsonObject { ["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" }, ["index"] = 0 };
        if (finish is not null)
        {
            candidate["finishReason"] = finish;
        }

        return new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = 29,
                ["candidatesTokenCount"] = 15,
                ["totalTokenCount"] = 89,
                ["promptTokensDetails"] = new JsonArray(new JsonObject { ["modality"] = "TEXT", ["tokenCount"] = 29 }),
                ["thoughtsTokenCount"] = 45,
            },
            ["modelVersion"] = "gemini-3-pro-preview",
            ["responseId"] = "b36LacjwM668nsEP2tbsgQQ",
        };
    }
}
