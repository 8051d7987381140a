using System.Text.Json.Nodes;

using Godex.Wire;
using Godex.Wire.Anthropic;
using Godex.Wire.Gemini;
using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

using static Godex.EndToEnd.Tests.Conformance.Recording;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>
/// One provider protocol Godex can call: the model routed to it, where and how Godex must call it, how
/// to read what it received and what it answered (with Godex.Wire's readers of that protocol), and the
/// recordings it replays for each scenario.
/// </summary>
public sealed record UpstreamFamily(
    string Name,
    string Model,
    string AuthHeader,
    string AuthValue,
    IReadOnlyDictionary<(Scenario, bool Stream), Recording> Recordings)
{
    public const string Chat = "openai-chat";
    public const string Responses = "openai-responses";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";

    public const string ChatKey = "sk-chat-upstream";
    public const string ResponsesKey = "sk-responses-upstream";
    public const string AnthropicKey = "sk-ant-upstream";
    public const string GeminiKey = "AIza-upstream";

    public static readonly IReadOnlyList<UpstreamFamily> All =
    [
        new(Chat, "deepseek-reasoner", "authorization", "Bearer " + ChatKey, new Dictionary<(Scenario, bool), Recording>
        {
            [(Scenario.Text, true)] = new("openai-chat/openai-text.sse", Tokens(16, 300)),
            [(Scenario.Text, false)] = new("openai-chat/openai-text.json", Tokens(16, 363)),
            [(Scenario.Tool, true)] = new("openai-chat/deepseek-tool-call.sse", Tokens(339, 83, cached: 320, reasoning: 39)),
            [(Scenario.Tool, false)] = new("openai-chat/deepseek-tool-call.json", Tokens(339, 92, cached: 320, reasoning: 48)),
            [(Scenario.Reasoning, true)] = new("openai-chat/deepseek-reasoning.sse", Tokens(18, 219, reasoning: 205)),
            [(Scenario.Reasoning, false)] = new("openai-chat/deepseek-reasoning.json", Tokens(18, 345, reasoning: 315)),
        }),
        new(Responses, "gpt-5-mini", "authorization", "Bearer " + ResponsesKey, new Dictionary<(Scenario, bool), Recording>
        {
            // reasoning-encrypted.sse holds four turns: reasoning + function call first, plain text last.
            [(Scenario.Text, true)] = new("responses/reasoning-encrypted.sse", Tokens(299, 12), Turn: 3),
            [(Scenario.Text, false)] = new("responses/reasoning-encrypted.json", Tokens(865, 163, reasoning: 128)),
            [(Scenario.Tool, true)] = new("responses/reasoning-encrypted.sse", Tokens(134, 28), Turn: 0),
            [(Scenario.Tool, false)] = new("responses/parallel-tool-calls.json", Tokens(34, 28)),
            [(Scenario.Reasoning, true)] = new("responses/reasoning-encrypted.sse", Tokens(134, 28), Turn: 0),
            [(Scenario.Reasoning, false)] = new("responses/reasoning-encrypted.json", Tokens(865, 163, reasoning: 128)),
        }),
        new(Anthropic, "claude-sonnet-4-5", "x-api-key", AnthropicKey, new Dictionary<(Scenario, bool), Recording>
        {
            [(Scenario.Text, true)] = new("anthropic/text.sse", Tokens(12, 30)),
            [(Scenario.Text, false)] = new("anthropic/text.json", Tokens(12, 29)),
            [(Scenario.Tool, true)] = new("anthropic/tool-json.sse", Tokens(849, 47)),
            [(Scenario.Tool, false)] = new("anthropic/tool-json.json", Tokens(1151, 87)),
            [(Scenario.Reasoning, true)] = new("anthropic/thinking-clear.sse", Tokens(69, 53)),
            [(Scenario.Reasoning, false)] = new("anthropic/thinking-clear.json", Tokens(69, 33)),
        }),
        new(Gemini, "gemini-3-pro-preview", "x-goog-api-key", GeminiKey, new Dictionary<(Scenario, bool), Recording>
        {
            [(Scenario.Text, true)] = new("gemini/text.sse", Tokens(9, 208, reasoning: 185)),
            [(Scenario.Text, false)] = new("gemini/text.json", Tokens(9, 272, reasoning: 244)),
            [(Scenario.Tool, true)] = new("gemini/tool-call.sse", Tokens(29, 60, reasoning: 45)),
            [(Scenario.Tool, false)] = new("gemini/tool-call.json", Tokens(29, 908, reasoning: 893)),
            [(Scenario.Reasoning, true)] = new("gemini/reasoning.sse", Tokens(9, 285, reasoning: 256)),
            [(Scenario.Reasoning, false)] = new("gemini/reasoning.json", Tokens(9, 311, reasoning: 282)),
        }),
    ];

    public static UpstreamFamily Named(string name) => All.Single(family => family.Name == name);

    /// <summary>The path Godex must call, by each official SDK's convention for this family.</summary>
    public string PathFor(bool stream) => Name switch
    {
        Chat => "/v1/chat/completions",
        Responses => "/v1/responses",
        Anthropic => "/v1/messages",
        _ => $"/v1beta/models/{Model}:{(stream ? "streamGenerateContent" : "generateContent")}",
    };

    /// <summary>The request Godex sent, read back with this family's own request reader.</summary>
    public ChatRequest ReadRequest(JsonNode body)
    {
        var json = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
        return Name switch
        {
            Chat => OpenAIChatRequestReader.Read(json),
            Responses => ResponsesRequestReader.Read(json),
            Anthropic => AnthropicRequestReader.Read(json),
            _ => GeminiRequestReader.Read(json),
        };
    }

    /// <summary>What the recording says the provider answered, read with this family's readers.</summary>
    public async Task<ChatResponse> ReadAnswerAsync(Recording recording, bool stream)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(recording.Body());
        if (!stream)
        {
            return Name switch
            {
                Chat => OpenAIChatResponseReader.Read(body),
                Responses => ResponsesResponseReader.Read(body),
                Anthropic => AnthropicResponseReader.Read(body, DateTimeOffset.UnixEpoch),
                _ => GeminiResponseReader.Read(body),
            };
        }

        using var input = new MemoryStream(body);
        var events = Name switch
        {
            Chat => OpenAIChatStreamReader.ReadAsync(input),
            Responses => ResponsesStreamReader.ReadAsync(input),
            Anthropic => AnthropicStreamReader.ReadAsync(input),
            _ => GeminiStreamReader.ReadAsync(input),
        };
        return await Answers.FoldAsync(events);
    }

    public override string ToString() => Name;
}
