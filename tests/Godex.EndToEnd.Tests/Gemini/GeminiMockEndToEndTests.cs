using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Gemini;

/// <summary>A Gemini client (raw HTTP as Gemini CLI and @google/genai send it) against the built-in mock.</summary>
public sealed class GeminiMockEndToEndTests : IAsyncLifetime
{
    private GeminiGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GeminiGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Generate_content_answers_with_one_model_candidate_and_usage()
    {
        var response = await _gateway.PostAsync("/v1beta/models/mock:generateContent", """{"contents":[{"role":"user","parts":[{"text":"hello gemini"}]}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var candidate = body["candidates"]![0]!;
        Assert.Equal("model", (string?)candidate["content"]!["role"]);
        Assert.Contains("hello gemini", (string?)candidate["content"]!["parts"]![0]!["text"], StringComparison.Ordinal);
        Assert.Equal("STOP", (string?)candidate["finishReason"]);
        Assert.Equal("mock", (string?)body["modelVersion"]);
        var usage = body["usageMetadata"]!;
        Assert.True((int)usage["promptTokenCount"]! > 0);
        Assert.Equal((int)usage["promptTokenCount"]! + (int)usage["candidatesTokenCount"]!, (int)usage["totalTokenCount"]!);
    }

    [Fact]
    public async Task Stream_with_alt_sse_sends_crlf_framed_chunks_ending_with_finish_reason_and_usage()
    {
        var response = await _gateway.PostAsync("/v1beta/models/mock:streamGenerateContent?alt=sse",
            GeminiGateway.CliRequest("""[{"role":"user","parts":[{"text":"tell me a longer story please"}]}]"""));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var chunks = GeminiGateway.SseChunks(await response.Content.ReadAsStringAsync());
        Assert.True(chunks.Count >= 3, $"expected several chunks, got {chunks.Count}");
        Assert.Contains("tell me a longer story please", GeminiGateway.Text(GeminiGateway.Parts(chunks)), StringComparison.Ordinal);
        Assert.All(chunks[..^1], static chunk => Assert.Null(chunk["candidates"]![0]!["finishReason"]));
        Assert.Equal("STOP", (string?)chunks[^1]["candidates"]![0]!["finishReason"]);
        Assert.True((int)chunks[^1]["usageMetadata"]!["candidatesTokenCount"]! > 0);
    }

    [Fact]
    public async Task Stream_without_alt_is_one_json_array_of_the_same_chunks()
    {
        var response = await _gateway.PostAsync("/v1beta/models/mock:streamGenerateContent", """{"contents":[{"role":"user","parts":[{"text":"array form"}]}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var chunks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(static c => c!).ToList();
        Assert.True(chunks.Count >= 2);
        Assert.Contains("array form", GeminiGateway.Text(GeminiGateway.Parts(chunks)), StringComparison.Ordinal);
        Assert.Equal("STOP", (string?)chunks[^1]["candidates"]![0]!["finishReason"]);
    }

    [Fact]
    public async Task Tool_call_mode_answers_with_a_function_call_part()
    {
        var response = await _gateway.PostAsync("/v1/models/mock-tool-call:generateContent", GeminiGateway.CliRequest("""[{"role":"user","parts":[{"text":"Weather in Paris?"}]}]"""));

        var part = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["candidates"]![0]!["content"]!["parts"]![0]!;
        Assert.Equal("weather", (string?)part["functionCall"]!["name"]);
        Assert.NotNull(part["functionCall"]!["id"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, part["functionCall"]!["args"]!.GetValueKind());
    }

    [Fact]
    public async Task Tool_loop_pairs_the_function_response_with_its_call()
    {
        var first = await _gateway.PostAsync("/v1beta/models/mock-tool-loop:streamGenerateContent?alt=sse",
            GeminiGateway.CliRequest("""[{"role":"user","parts":[{"text":"Weather in Paris?"}]}]"""));
        var call = GeminiGateway.Parts(GeminiGateway.SseChunks(await first.Content.ReadAsStringAsync())).Single(static p => p["functionCall"] is not null);

        var callId = (string)call["functionCall"]!["id"]!;
        var history = """
            [{"role":"user","parts":[{"text":"Weather in Paris?"}]},
             {"role":"model","parts":[CALL]},
             {"role":"user","parts":[{"functionResponse":{"id":"CALL_ID","name":"weather","response":{"output":"21 C and sunny"}}}]}]
            """.Replace("CALL_ID", callId, StringComparison.Ordinal).Replace("CALL", call.ToJsonString(), StringComparison.Ordinal);
        var second = await _gateway.PostAsync("/v1beta/models/mock-tool-loop:generateContent", GeminiGateway.CliRequest(history));

        var text = (string?)JsonNode.Parse(await second.Content.ReadAsStringAsync())!["candidates"]![0]!["content"]!["parts"]![0]!["text"];
        Assert.Equal("The tool weather returned: 21 C and sunny", text);
    }

    [Fact]
    public async Task Count_tokens_answers_total_tokens_and_says_it_is_an_estimate()
    {
        var response = await _gateway.PostAsync("/v1beta/models/mock:countTokens", """{"contents":[{"role":"user","parts":[{"text":"How many tokens is this sentence?"}]}]}""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("estimated", response.Headers.GetValues("x-godex-token-count").Single());
        var total = (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["totalTokens"]!;
        Assert.InRange(total, 5, 30);
    }

    [Fact]
    public async Task Models_are_listed_in_gemini_shape_from_the_same_catalogue()
    {
        var list = JsonNode.Parse(await (await _gateway.GetAsync("/v1beta/models")).Content.ReadAsStringAsync())!["models"]!.AsArray();
        var names = list.Select(static m => (string?)m!["name"]).ToList();
        Assert.Contains("models/mock", names);
        Assert.Contains("models/gemini-3-pro-preview", names);
        var mock = list.Single(static m => (string?)m!["name"] == "models/mock")!;
        Assert.Contains("generateContent", mock["supportedGenerationMethods"]!.AsArray().Select(static m => (string?)m));

        var one = await _gateway.GetAsync("/v1beta/models/mock-tool-call");
        Assert.Equal("models/mock-tool-call", (string?)JsonNode.Parse(await one.Content.ReadAsStringAsync())!["name"]);

        var missing = await _gateway.GetAsync("/v1beta/models/no-such-model");
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal("NOT_FOUND", (string?)JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!["status"]);
    }

    [Theory]
    [InlineData("/v1beta/models/mock:generateContent", """{"contents":[""", 400, "INVALID_ARGUMENT", "not valid JSON")]
    [InlineData("/v1beta/models/mock:generateContent", """{"contents":[{"role":"robot","parts":[{"text":"hi"}]}]}""", 400, "INVALID_ARGUMENT", "contents[0].role 'robot'")]
    [InlineData("/v1beta/models/mock:generateContent", """{"generationConfig":{}}""", 400, "INVALID_ARGUMENT", "'contents' is required")]
    [InlineData("/v1beta/models/mock:embedContent", """{"contents":[]}""", 404, "NOT_FOUND", ":generateContent")]
    [InlineData("/v1beta/models/mock-nope:generateContent", """{"contents":[{"parts":[{"text":"hi"}]}]}""", 404, "NOT_FOUND", "mock-nope")]
    public async Task Bad_requests_get_gemini_errors_with_status_names(string path, string body, int status, string statusName, string messagePart)
    {
        var response = await _gateway.PostAsync(path, body);

        Assert.Equal(status, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(status, (int)error["code"]!);
        Assert.Equal(statusName, (string?)error["status"]);
        Assert.Contains(messagePart, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_is_unauthenticated_in_gemini_shape()
    {
        var response = await _gateway.PostAsync("/v1beta/models/mock:generateContent", """{"contents":[{"parts":[{"text":"hi"}]}]}""", key: null);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["status"]);
    }

    [Fact]
    public async Task Key_in_the_query_string_is_accepted()
    {
        var response = await _gateway.PostAsync($"/v1beta/models/mock:generateContent?key={UpstreamConfig.ClientKey}", """{"contents":[{"parts":[{"text":"hi"}]}]}""", key: null);
        Assert.Equal(200, (int)response.StatusCode);
    }
}
