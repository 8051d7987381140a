using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Gemini;

/// <summary>
/// Godex with a scripted upstream behind two providers: `google` (type gemini, base_url the host root as
/// Google's SDKs take it) for gemini-* models and `local` (type openai) for deepseek-* and gpt-* models,
/// plus the mock. Clients authenticate with x-goog-api-key, as Gemini CLI and @google/genai do.
/// </summary>
public sealed class GeminiGateway : UpstreamGateway
{
    public const string GeminiUpstreamKey = "AIza-upstream-secret";

    private GeminiGateway(ScriptedUpstream upstream, GodexHost godex)
        : base(upstream, godex)
    {
    }

    public static Task<GeminiGateway> StartAsync() => StartAsync(
        static upstream => ProtocolGatewayConfig.Yaml(
            upstream,
            $$"""google: { type: gemini, base_url: "{{upstream.RootUrl}}", api_key: "${GEMINI_UPSTREAM_KEY}", models: [ gemini-3-pro-preview ] }""",
            """{ google: [ "gemini-" ], local: [ "deepseek-", "gpt-" ] }"""),
        new Dictionary<string, string>(UpstreamConfig.Environment) { ["GEMINI_UPSTREAM_KEY"] = GeminiUpstreamKey },
        static (upstream, godex) => new GeminiGateway(upstream, godex));

    /// <summary>POSTs as Gemini CLI does: x-goog-api-key and the genai SDK's client headers.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, string? key = UpstreamConfig.ClientKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Sse.Json(json) };
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        request.Headers.Add("x-goog-api-client", "google-genai-sdk/1.30.0 gl-node/v20.19.0");
        request.Headers.TryAddWithoutValidation("user-agent", "GeminiCLI/0.61.0 (linux; x64)");
        return Godex.Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-goog-api-key", UpstreamConfig.ClientKey);
        return Godex.Http.SendAsync(request);
    }

    /// <summary>The chunks of an `alt=sse` body, checking Gemini's CRLF CRLF framing.</summary>
    public static List<JsonNode> SseChunks(string body)
    {
        var frames = body.Split("\r\n\r\n");
        Assert.Equal("", frames[^1]);
        return [.. frames[..^1].Select(static frame =>
        {
            Assert.StartsWith("data: ", frame, StringComparison.Ordinal);
            return JsonNode.Parse(frame["data: ".Length..])!;
        })];
    }

    /// <summary>All parts of all chunks, in order.</summary>
    public static List<JsonNode> Parts(IEnumerable<JsonNode> chunks) =>
        [.. chunks.SelectMany(static chunk => chunk["candidates"]?[0]?["content"]?["parts"]?.AsArray() ?? []).Select(static part => part!)];

    public static string Text(IEnumerable<JsonNode> parts) =>
        string.Concat(parts.Where(static p => p["thought"] is null).Select(static p => (string?)p["text"]));

    /// <summary>A Gemini CLI request body: system instruction, one function tool with parametersJsonSchema, thinking on.</summary>
    public static string CliRequest(string contents) => $$$$"""
        {"contents":{{{{contents}}}},
         "systemInstruction":{"role":"user","parts":[{"text":"You are an interactive CLI agent."}]},
         "tools":[{"functionDeclarations":[{"name":"weather","description":"Weather by place","parametersJsonSchema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}]}],
         "generationConfig":{"temperature":0,"topP":1,"thinkingConfig":{"includeThoughts":true,"thinkingLevel":"HIGH"}}}
        """;
}
