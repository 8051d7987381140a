using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Gemini;
using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.CodeAssist;

/// <summary>
/// A `gemini-cli` provider end to end: Godex finds the login's project once, wraps each request in Code
/// Assist's envelope at the exact v1internal paths with the login's bearer token, and unwraps whole and
/// streamed answers for Chat, Anthropic and Gemini clients.
/// </summary>
public sealed class GeminiCliEndToEndTests : IAsyncLifetime
{
    private CodeAssistLogin _login = null!;

    public async Task InitializeAsync()
    {
        _login = await CodeAssistLogin.StartAsync();
        _login.WriteLogin("ya29.current", TimeSpan.FromHours(1));
    }

    public async Task DisposeAsync() => await _login.DisposeAsync();

    [Fact]
    public async Task Concurrent_first_requests_discover_the_project_once_with_loadCodeAssist_then_onboardUser_polled_until_done()
    {
        _login.Upstream.DiscoveryDelay = TimeSpan.FromMilliseconds(300);
        await _login.StartGodexAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _login.ChatAsync()));

        foreach (var response in responses)
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var upstream = _login.Upstream;
        Assert.Equal(1, upstream.Count("/v1internal:loadCodeAssist"));
        Assert.Equal(1, upstream.Count("/v1internal:onboardUser"));
        Assert.Equal(1, upstream.Count("/v1internal/operations/onboard-1"));
        var load = upstream.Calls.Single(call => call.PathAndQuery == "/v1internal:loadCodeAssist");
        Assert.Equal("POST", load.Method);
        Assert.Equal("Bearer ya29.current", load.Headers["authorization"]);
        Assert.Equal("GEMINI", (string?)load.Body!["metadata"]!["pluginType"]);
        Assert.Equal("IDE_UNSPECIFIED", (string?)load.Body!["metadata"]!["ideType"]);

        // The free tier runs in a project Google manages: onboarding names none.
        var onboard = upstream.Calls.Single(call => call.PathAndQuery == "/v1internal:onboardUser");
        Assert.Equal("free-tier", (string?)onboard.Body!["tierId"]);
        Assert.Null(onboard.Body!["cloudaicompanionProject"]);
        Assert.Equal("GET", upstream.Calls.Single(call => call.PathAndQuery == "/v1internal/operations/onboard-1").Method);

        var generations = upstream.Generations.ToList();
        Assert.Equal(6, generations.Count);
        Assert.All(generations, call =>
        {
            Assert.Equal("/v1internal:generateContent", call.PathAndQuery);
            Assert.Equal(FakeCodeAssist.Project, (string?)call.Body!["project"]);
        });
    }

    [Fact]
    public async Task Chat_client_gets_a_whole_answer_from_an_enveloped_generateContent()
    {
        await _login.StartGodexAsync(project: "my-project");

        var response = await _login.ChatAsync();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        Assert.Equal("Hello from Code Assist", (string?)body["choices"]![0]!["message"]!["content"]);
        Assert.Equal(9, (int?)body["usage"]!["total_tokens"]);
        Assert.Equal(0, _login.Upstream.Count("/v1internal:loadCodeAssist")); // a configured project skips discovery
        var call = Assert.Single(_login.Upstream.Generations);
        Assert.Equal("/v1internal:generateContent", call.PathAndQuery);
        Assert.Equal("Bearer ya29.current", call.Headers["authorization"]);
        Assert.False(call.Headers.ContainsKey("x-goog-api-key"));
        Assert.Equal("gemini-2.5-pro", (string?)call.Body!["model"]);
        Assert.Equal("my-project", (string?)call.Body!["project"]);
        Assert.Equal("Say hello", (string?)call.Body!["request"]!["contents"]![0]!["parts"]![0]!["text"]);
        Assert.Null(call.Body!["request"]!["model"]);
        Assert.Null(call.Body!["userAgent"]); // Antigravity's envelope fields are not Gemini CLI's
    }

    [Fact]
    public async Task Chat_client_streams_an_enveloped_sse_answer()
    {
        await _login.StartGodexAsync(project: "my-project");

        var response = await _login.ChatAsync(stream: true);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        var content = string.Concat(Sse.Chunks(text).Select(chunk => (string?)chunk["choices"]?.AsArray().FirstOrDefault()?["delta"]?["content"]));
        Assert.Equal("Hello from Code Assist", content);
        Assert.Equal("stop", Sse.Chunks(text).Select(chunk => (string?)chunk["choices"]?.AsArray().FirstOrDefault()?["finish_reason"]).Last(reason => reason is not null));
        var call = Assert.Single(_login.Upstream.Generations);
        Assert.Equal("/v1internal:streamGenerateContent?alt=sse", call.PathAndQuery);
        Assert.Equal("my-project", (string?)call.Body!["project"]);
    }

    [Fact]
    public async Task Anthropic_client_streams_and_gets_a_whole_answer()
    {
        await _login.StartGodexAsync(project: "my-project");

        var streamed = await _login.Godex.Http.PostAsync("/v1/messages", Sse.Json("""{"model":"gemini-2.5-pro","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Say hello"}]}"""));
        var text = await streamed.Content.ReadAsStringAsync();
        Assert.True(streamed.IsSuccessStatusCode, text);
        var deltas = Sse.DataLines(text).Select(line => JsonNode.Parse(line)!).Where(node => (string?)node["type"] == "content_block_delta");
        Assert.Equal("Hello from Code Assist", string.Concat(deltas.Select(node => (string?)node["delta"]!["text"])));
        Assert.Contains("message_stop", text, StringComparison.Ordinal);

        var whole = await _login.Godex.Http.PostAsync("/v1/messages", Sse.Json("""{"model":"gemini-2.5-pro","max_tokens":100,"messages":[{"role":"user","content":"Say hello"}]}"""));
        var answer = JsonNode.Parse(await whole.Content.ReadAsStringAsync())!;
        Assert.Equal("Hello from Code Assist", (string?)answer["content"]![0]!["text"]);
        Assert.Equal(["/v1internal:streamGenerateContent?alt=sse", "/v1internal:generateContent"], _login.Upstream.Generations.Select(call => call.PathAndQuery));
    }

    [Fact]
    public async Task Gemini_client_streams_and_gets_a_whole_answer()
    {
        await _login.StartGodexAsync(project: "my-project");
        const string Request = """{"contents":[{"role":"user","parts":[{"text":"Say hello"}]}]}""";

        var streamed = await _login.Godex.Http.PostAsync("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", Sse.Json(Request));
        var text = await streamed.Content.ReadAsStringAsync();
        Assert.True(streamed.IsSuccessStatusCode, text);
        var parts = GeminiGateway.Parts(GeminiGateway.SseChunks(text));
        Assert.Equal("Hello from Code Assist", string.Concat(parts.Select(part => (string?)part["text"])));

        var whole = await _login.Godex.Http.PostAsync("/v1beta/models/gemini-2.5-pro:generateContent", Sse.Json(Request));
        var answer = JsonNode.Parse(await whole.Content.ReadAsStringAsync())!;
        Assert.True(whole.IsSuccessStatusCode, answer.ToJsonString());
        Assert.Equal("Hello from Code Assist", (string?)answer["candidates"]![0]!["content"]!["parts"]![0]!["text"]);
        Assert.All(_login.Upstream.Generations, call => Assert.Equal("gemini-2.5-pro", (string?)call.Body!["model"]));
    }

    [Fact]
    public async Task Anthropic_count_tokens_asks_codeassist_countTokens_with_the_instruction_as_a_user_turn_but_estimates_requests_with_tools()
    {
        await _login.StartGodexAsync(project: "my-project");

        var counted = await _login.Godex.Http.PostAsync("/v1/messages/count_tokens", Sse.Json("""{"model":"gemini-2.5-pro","system":"Be brief.","messages":[{"role":"user","content":"Say hello"}]}"""));
        var answer = JsonNode.Parse(await counted.Content.ReadAsStringAsync())!;

        Assert.True(counted.IsSuccessStatusCode, answer.ToJsonString());
        Assert.Equal(42, (int?)answer["input_tokens"]);
        var call = Assert.Single(_login.Upstream.Calls);
        Assert.Equal("/v1internal:countTokens", call.PathAndQuery);
        Assert.Equal("Bearer ya29.current", call.Headers["authorization"]);
        Assert.Equal("models/gemini-2.5-pro", (string?)call.Body!["request"]!["model"]);
        var contents = call.Body!["request"]!["contents"]!.AsArray();
        Assert.Equal("Be brief.", (string?)contents[0]!["parts"]![0]!["text"]);
        Assert.Equal("user", (string?)contents[0]!["role"]);
        Assert.Equal("Say hello", (string?)contents[1]!["parts"]![0]!["text"]);

        var withTools = await _login.Godex.Http.PostAsync("/v1/messages/count_tokens", Sse.Json("""{"model":"gemini-2.5-pro","messages":[{"role":"user","content":"Say hello"}],"tools":[{"name":"add","description":"adds","input_schema":{"type":"object","properties":{"a":{"type":"number"}}}}]}"""));
        Assert.True(withTools.IsSuccessStatusCode, await withTools.Content.ReadAsStringAsync());
        Assert.Single(_login.Upstream.Calls); // estimated: Code Assist's countTokens has no room for tools
    }
}
