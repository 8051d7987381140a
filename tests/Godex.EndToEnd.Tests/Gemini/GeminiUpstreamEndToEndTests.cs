using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Gemini;

/// <summary>Gemini client → Godex → a scripted Gemini upstream replaying recorded answers, checking both sides of the wire.</summary>
public sealed class GeminiUpstreamEndToEndTests : IAsyncLifetime
{
    private GeminiGateway _gateway = null!;

    private ScriptedUpstream Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await GeminiGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Cli_stream_reaches_the_upstream_with_its_own_key_and_comes_back_chunk_for_chunk()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("gemini/text.sse"));

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse",
            GeminiGateway.CliRequest("""[{"role":"user","parts":[{"text":"How many r's in strawberry?"}]}]"""));

        var received = Upstream.Single();
        Assert.Equal("/v1beta/models/gemini-3-pro-preview:streamGenerateContent", received.Path);
        Assert.Equal(GeminiGateway.GeminiUpstreamKey, received.Headers["x-goog-api-key"]);
        Assert.False(received.Headers.ContainsKey("authorization"));
        var body = received.Body!;
        Assert.Equal("HIGH", (string?)body["generationConfig"]!["thinkingConfig"]!["thinkingLevel"]);
        Assert.True((bool)body["generationConfig"]!["thinkingConfig"]!["includeThoughts"]!);
        Assert.Null(body["generationConfig"]!["thinkingConfig"]!["thinkingBudget"]);
        Assert.Equal("You are an interactive CLI agent.", (string?)body["systemInstruction"]!["parts"]![0]!["text"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}"""),
            body["tools"]![0]!["functionDeclarations"]![0]!["parametersJsonSchema"]));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var chunks = GeminiGateway.SseChunks(await response.Content.ReadAsStringAsync());
        var recorded = Sse.DataLines(ScriptedUpstream.Fixture("gemini/text.sse")).Select(static line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(GeminiGateway.Text(GeminiGateway.Parts(recorded)), GeminiGateway.Text(GeminiGateway.Parts(chunks)));
        var last = chunks[^1];
        Assert.Equal((string?)recorded[^1]["candidates"]![0]!["content"]!["parts"]![0]!["thoughtSignature"], (string?)last["candidates"]![0]!["content"]!["parts"]![0]!["thoughtSignature"]);
        Assert.Equal("STOP", (string?)last["candidates"]![0]!["finishReason"]);
        Assert.Equal("bH6LaZW8Fp_3nsEPqtaSwQ4", (string?)last["responseId"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"promptTokenCount":9,"candidatesTokenCount":23,"totalTokenCount":217,"thoughtsTokenCount":185}"""), last["usageMetadata"]));
    }

    [Fact]
    public async Task Tool_turn_replays_function_call_id_and_thought_signature_unchanged()
    {
        Upstream.ReplyJson(ScriptedUpstream.Fixture("gemini/tool-call.json"));
        const string Call = """{"functionCall":{"id":"call-7","name":"weather","args":{"location":"Paris"}},"thoughtSignature":"EqUCCqICAb4+9vsh8Pd5taZVoPzSvjWWwzBrvhEQ=="}""";
        const string Result = """{"functionResponse":{"id":"call-7","name":"weather","response":{"output":"21 C"}}}""";

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:generateContent", GeminiGateway.CliRequest($$"""
            [{"role":"user","parts":[{"text":"Weather in Paris, then San Francisco?"}]},
             {"role":"model","parts":[{{Call}}]},
             {"role":"user","parts":[{{Result}}]}]
            """));

        Assert.Equal(200, (int)response.StatusCode);
        var received = Upstream.Single();
        Assert.Equal("/v1beta/models/gemini-3-pro-preview:generateContent", received.Path);
        var contents = received.Body!["contents"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Call), contents[1]!["parts"]![0]), contents[1]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Result), contents[2]!["parts"]![0]), contents[2]!.ToJsonString());

        var recorded = JsonNode.Parse(ScriptedUpstream.Fixture("gemini/tool-call.json"))!["candidates"]![0]!;
        var candidate = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["candidates"]![0]!;
        Assert.True(JsonNode.DeepEquals(recorded["content"], candidate["content"]), candidate["content"]!.ToJsonString());
        Assert.Equal("STOP", (string?)candidate["finishReason"]);
        Assert.Equal("Model generated function call(s).", (string?)candidate["finishMessage"]);
    }

    [Fact]
    public async Task Stream_without_alt_comes_back_as_one_json_array()
    {
        Upstream.ReplySse(ScriptedUpstream.Fixture("gemini/reasoning.sse"));

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:streamGenerateContent", """{"contents":[{"role":"user","parts":[{"text":"How many r's?"}]}]}""");

        Assert.Equal("/v1beta/models/gemini-3-pro-preview:streamGenerateContent", Upstream.Single().Path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var chunks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(static c => c!).ToList();
        Assert.Equal("There are **3** \"r\"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.", GeminiGateway.Text(GeminiGateway.Parts(chunks)));
        Assert.StartsWith("Eo0HCooHAb4+", (string?)chunks[^1]["candidates"]![0]!["content"]!["parts"]![0]!["thoughtSignature"], StringComparison.Ordinal);
        Assert.Equal(256, (int)chunks[^1]["usageMetadata"]!["thoughtsTokenCount"]!);
    }

    [Theory]
    [InlineData("7", "7")]
    [InlineData(null, "35")]
    public async Task Rate_limit_keeps_429_resource_exhausted_and_the_retry_delay(string? header, string expected)
    {
        var headers = header is null ? null : new Dictionary<string, string> { ["retry-after"] = header };
        Upstream.ReplyJson(ScriptedUpstream.Fixture("gemini/error-429-retry-info.json"), 429, headers);

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"hi"}]}]}""");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(expected, response.Headers.GetValues("retry-after").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(429, (int)error["code"]!);
        Assert.Equal("RESOURCE_EXHAUSTED", (string?)error["status"]);
        Assert.Equal("You exceeded your current quota, please check your plan.", (string?)error["message"]);
        Assert.Equal(expected + "s", (string?)error["details"]![0]!["retryDelay"]);
    }

    [Fact]
    public async Task Upstream_bad_request_keeps_its_status_and_message()
    {
        Upstream.ReplyJson("""{"error":{"code":400,"message":"Function call is missing a thought_signature in functionCall parts.","status":"INVALID_ARGUMENT"}}""", 400);

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:generateContent", """{"contents":[{"parts":[{"text":"hi"}]}]}""");

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        Assert.Contains("thought_signature", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_inside_the_upstream_stream_ends_the_client_stream_with_an_error_chunk()
    {
        Upstream.ReplySse(ScriptedUpstream.Chunks(
            """{"candidates":[{"content":{"parts":[{"text":"Half an ans"}],"role":"model"},"index":0}],"responseId":"r9"}""",
            """{"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}"""));

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"hi"}]}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var chunks = GeminiGateway.SseChunks(await response.Content.ReadAsStringAsync());
        Assert.Equal("Half an ans", GeminiGateway.Text(GeminiGateway.Parts(chunks)));
        Assert.Equal("INTERNAL", (string?)chunks[^1]["error"]!["status"]);
        Assert.Equal("An internal error has occurred.", (string?)chunks[^1]["error"]!["message"]);
    }

    [Fact]
    public async Task Upstream_stream_cut_off_ends_with_an_error_chunk_not_silence()
    {
        Upstream.ReplySse(ScriptedUpstream.Chunks("""{"candidates":[{"content":{"parts":[{"text":"Half"}],"role":"model"}}]}"""), abortAtEnd: true);

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"hi"}]}]}""");

        var chunks = GeminiGateway.SseChunks(await response.Content.ReadAsStringAsync());
        Assert.Equal("Half", GeminiGateway.Text(GeminiGateway.Parts(chunks)));
        Assert.NotNull(chunks[^1]["error"]);
        Assert.DoesNotContain(chunks, static chunk => chunk["candidates"]?[0]?["finishReason"] is not null);
    }

    [Fact]
    public async Task Count_tokens_is_asked_of_the_upstream_with_the_whole_request()
    {
        Upstream.ReplyJson("""{"totalTokens":31,"promptTokensDetails":[{"modality":"TEXT","tokenCount":31}]}""");

        var response = await _gateway.PostAsync("/v1beta/models/gemini-3-pro-preview:countTokens", GeminiGateway.CliRequest("""[{"role":"user","parts":[{"text":"count me"}]}]"""));

        var received = Upstream.Single();
        Assert.Equal("/v1beta/models/gemini-3-pro-preview:countTokens", received.Path);
        Assert.Equal("models/gemini-3-pro-preview", (string?)received.Body!["generateContentRequest"]!["model"]);
        Assert.Equal("weather", (string?)received.Body["generateContentRequest"]!["tools"]![0]!["functionDeclarations"]![0]!["name"]);
        Assert.Equal("provider", response.Headers.GetValues("x-godex-token-count").Single());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"totalTokens":31}"""), JsonNode.Parse(await response.Content.ReadAsStringAsync())));
    }
}
