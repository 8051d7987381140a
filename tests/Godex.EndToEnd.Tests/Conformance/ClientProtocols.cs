using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Wire;
using Godex.Wire.Anthropic;
using Godex.Wire.Gemini;
using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>
/// One client protocol: the raw request its real clients send (headers, path, body), how to read
/// Godex's answer (with Godex.Wire's readers of that protocol, which also proves the output is
/// readable), and how its clients send the answer back as history on the next turn.
/// </summary>
public sealed record ClientProtocol(string Name)
{
    public static readonly IReadOnlyList<ClientProtocol> All =
        [new(UpstreamFamily.Chat), new(UpstreamFamily.Responses), new(UpstreamFamily.Anthropic), new(UpstreamFamily.Gemini)];

    public static ClientProtocol Named(string name) => All.Single(client => client.Name == name);

    private static JsonObject Schema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["location"] = new JsonObject { ["type"] = "string", ["description"] = "City name" } },
        ["required"] = new JsonArray("location"),
    };

    /// <summary>The first turn's body: system prompt, question, one function tool; as the protocol's clients write it.</summary>
    public JsonObject FirstTurn(string model, bool stream) => Name switch
    {
        UpstreamFamily.Chat => new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = Prompt.System },
                new JsonObject { ["role"] = "user", ["content"] = Prompt.User }),
            ["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = Prompt.ToolName, ["description"] = Prompt.ToolDescription, ["parameters"] = Schema() },
            }),
            ["stream"] = stream,
            ["stream_options"] = stream ? new JsonObject { ["include_usage"] = true } : null,
        },
        UpstreamFamily.Responses => new JsonObject
        {
            ["model"] = model,
            ["instructions"] = Prompt.System,
            ["input"] = new JsonArray(new JsonObject
            {
                ["type"] = "message",
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = Prompt.User }),
            }),
            ["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "function",
                ["name"] = Prompt.ToolName,
                ["description"] = Prompt.ToolDescription,
                ["parameters"] = Schema(),
                ["strict"] = false,
            }),
            ["reasoning"] = new JsonObject { ["effort"] = "medium", ["summary"] = "auto" },
            ["store"] = false,
            ["include"] = new JsonArray("reasoning.encrypted_content"),
            ["stream"] = stream,
        },
        UpstreamFamily.Anthropic => new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 4096,
            ["system"] = Prompt.System,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Prompt.User }),
            ["tools"] = new JsonArray(new JsonObject { ["name"] = Prompt.ToolName, ["description"] = Prompt.ToolDescription, ["input_schema"] = Schema() }),
            ["stream"] = stream,
        },
        _ => new JsonObject
        {
            ["contents"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = Prompt.User }),
            }),
            ["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = Prompt.System }) },
            ["tools"] = new JsonArray(new JsonObject
            {
                ["functionDeclarations"] = new JsonArray(new JsonObject
                {
                    ["name"] = Prompt.ToolName,
                    ["description"] = Prompt.ToolDescription,
                    ["parametersJsonSchema"] = Schema(),
                }),
            }),
        },
    };

    /// <summary>The HTTP request as the protocol's clients send it: path, auth header, version headers.</summary>
    public HttpRequestMessage Request(string model, bool stream, JsonObject body)
    {
        var path = Name switch
        {
            UpstreamFamily.Chat => "/v1/chat/completions",
            UpstreamFamily.Responses => "/v1/responses",
            UpstreamFamily.Anthropic => "/v1/messages",
            _ => $"/v1beta/models/{model}:" + (stream ? "streamGenerateContent?alt=sse" : "generateContent"),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Sse.Json(body.ToJsonString()) };
        switch (Name)
        {
            case UpstreamFamily.Chat or UpstreamFamily.Responses:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", UpstreamConfig.ClientKey);
                break;
            case UpstreamFamily.Anthropic:
                request.Headers.Add("x-api-key", UpstreamConfig.ClientKey);
                request.Headers.Add("anthropic-version", "2023-06-01");
                break;
            default:
                request.Headers.Add("x-goog-api-key", UpstreamConfig.ClientKey);
                request.Headers.Add("x-goog-api-client", "google-genai-sdk/1.30.0 gl-node/v20.19.0");
                break;
        }

        if (stream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        return request;
    }

    /// <summary>Godex's answer read with this protocol's own readers.</summary>
    public async Task<ChatResponse> ReadAnswerAsync(byte[] body, bool stream)
    {
        if (!stream)
        {
            return Name switch
            {
                UpstreamFamily.Chat => OpenAIChatResponseReader.Read(body),
                UpstreamFamily.Responses => ResponsesResponseReader.Read(body),
                UpstreamFamily.Anthropic => AnthropicResponseReader.Read(body, DateTimeOffset.UnixEpoch),
                _ => GeminiResponseReader.Read(body),
            };
        }

        using var input = new MemoryStream(body);
        return await Answers.FoldAsync(ReadStream(input));
    }

    /// <summary>A stream from Godex as this protocol's own stream reader sees it, failures included.</summary>
    public IAsyncEnumerable<StreamEvent> ReadStream(Stream input) => Name switch
    {
        UpstreamFamily.Chat => OpenAIChatStreamReader.ReadAsync(input),
        UpstreamFamily.Responses => ResponsesStreamReader.ReadAsync(input),
        UpstreamFamily.Anthropic => AnthropicStreamReader.ReadAsync(input),
        _ => GeminiStreamReader.ReadAsync(input),
    };

    /// <summary>
    /// The next turn's body as the protocol's clients build it: the previous body, the non-streamed
    /// answer echoed back verbatim as history, then the tool's result (paired with the call by its id)
    /// or, when the answer called no tool, a follow-up question.
    /// </summary>
    public JsonObject NextTurn(JsonObject previous, JsonNode answer)
    {
        var body = (JsonObject)previous.DeepClone();
        switch (Name)
        {
            case UpstreamFamily.Chat:
                {
                    var message = answer["choices"]![0]!["message"]!.DeepClone();
                    var messages = body["messages"]!.AsArray();
                    messages.Add(message);
                    var calls = message["tool_calls"]?.AsArray() ?? [];
                    foreach (var call in calls)
                    {
                        messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = (string?)call!["id"], ["content"] = Prompt.ToolResult });
                    }

                    if (calls.Count == 0)
                    {
                        messages.Add(new JsonObject { ["role"] = "user", ["content"] = Prompt.FollowUp });
                    }

                    break;
                }

            case UpstreamFamily.Responses:
                {
                    var input = body["input"]!.AsArray();
                    var calls = 0;
                    foreach (var item in answer["output"]!.AsArray())
                    {
                        input.Add(item!.DeepClone());
                        if ((string?)item["type"] == "function_call")
                        {
                            calls++;
                            input.Add(new JsonObject { ["type"] = "function_call_output", ["call_id"] = (string?)item["call_id"], ["output"] = Prompt.ToolResult });
                        }
                    }

                    if (calls == 0)
                    {
                        input.Add(new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = Prompt.FollowUp });
                    }

                    break;
                }

            case UpstreamFamily.Anthropic:
                {
                    var messages = body["messages"]!.AsArray();
                    var content = answer["content"]!.DeepClone().AsArray();
                    messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = content });
                    var results = new JsonArray();
                    foreach (var block in content.Where(block => (string?)block!["type"] == "tool_use"))
                    {
                        results.Add(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = (string?)block!["id"], ["content"] = Prompt.ToolResult });
                    }

                    if (results.Count == 0)
                    {
                        results.Add(new JsonObject { ["type"] = "text", ["text"] = Prompt.FollowUp });
                    }

                    messages.Add(new JsonObject { ["role"] = "user", ["content"] = results });
                    break;
                }

            default:
                {
                    var contents = body["contents"]!.AsArray();
                    var content = answer["candidates"]![0]!["content"]!.DeepClone();
                    contents.Add(content);
                    var parts = new JsonArray();
                    foreach (var part in content["parts"]!.AsArray().Where(part => part!["functionCall"] is not null))
                    {
                        var call = part!["functionCall"]!;
                        var response = new JsonObject { ["name"] = (string?)call["name"], ["response"] = JsonNode.Parse(Prompt.ToolResult) };
                        if (call["id"] is { } id)
                        {
                            response["id"] = id.DeepClone();
                        }

                        parts.Add(new JsonObject { ["functionResponse"] = response });
                    }

                    if (parts.Count == 0)
                    {
                        parts.Add(new JsonObject { ["text"] = Prompt.FollowUp });
                    }

                    contents.Add(new JsonObject { ["role"] = "user", ["parts"] = parts });
                    break;
                }
        }

        return body;
    }

    public override string ToString() => Name;
}
