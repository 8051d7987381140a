using System.Net.Http.Headers;
using System.Text;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hardening;

/// <summary>
/// limits.max_json_depth, max_tools and max_messages through the real server: each protocol refuses
/// past the limit with its own 400 naming the config key, and serves a request at the limit.
/// </summary>
public sealed class RequestLimitsEndToEndTests : IAsyncLifetime
{
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          mock: { type: mock }
        limits:
          max_json_depth: 12
          max_tools: 3
          max_messages: 5
        """);

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    public static TheoryData<string> Protocols => ["chat", "responses", "anthropic", "gemini"];

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Tools_past_max_tools_are_the_protocols_400_naming_the_limit(string protocol)
    {
        var message = await ProtocolErrors.AssertAsync(protocol, await PostAsync(protocol, RequestBodies.Build(protocol, tools: 4, messages: 1)), 400);

        Assert.Contains("4 tools", message, StringComparison.Ordinal);
        Assert.Contains("limits.max_tools", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Messages_past_max_messages_are_the_protocols_400_naming_the_limit(string protocol)
    {
        var message = await ProtocolErrors.AssertAsync(protocol, await PostAsync(protocol, RequestBodies.Build(protocol, tools: 0, messages: 7)), 400);

        Assert.Contains("7 messages", message, StringComparison.Ordinal);
        Assert.Contains("limits.max_messages", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Json_nested_past_max_json_depth_is_the_protocols_400_naming_the_limit(string protocol)
    {
        // The body's own object is level 1, so 12 arrays inside it make 13 levels.
        var message = await ProtocolErrors.AssertAsync(protocol, await PostAsync(protocol, RequestBodies.Build(protocol, tools: 0, messages: 1, deep: 12)), 400);

        Assert.Contains("more than 12 levels", message, StringComparison.Ordinal);
        Assert.Contains("limits.max_json_depth", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task A_request_exactly_at_every_limit_is_answered(string protocol)
    {
        // Tools, messages and depth all at their limits: the depth rides inside a tool's schema, which every protocol keeps.
        var response = await PostAsync(protocol, RequestBodies.Build(protocol, tools: 3, messages: 5, deepSchema: true));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Anthropic_count_tokens_is_held_to_the_same_limits()
    {
        var body = RequestBodies.Build("anthropic", tools: 4, messages: 1);
        var response = await _godex.Http.PostAsync("/v1/messages/count_tokens", RequestBodies.Json(body));

        Assert.Contains("limits.max_tools", await ProtocolErrors.AssertAsync("anthropic", response, 400), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string protocol, string body) =>
        _godex.Http.PostAsync(RequestBodies.Path(protocol), RequestBodies.Json(body));
}

/// <summary>Without any `limits:`, JSON past System.Text.Json's own depth (64) is a 400 naming the limit, never a 500.</summary>
public sealed class DefaultJsonDepthEndToEndTests : IAsyncLifetime
{
    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("providers: { mock: { type: mock } }");

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Theory]
    [InlineData("chat")]
    [InlineData("responses")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task Json_two_thousand_levels_deep_is_a_400_naming_limits_max_json_depth(string protocol)
    {
        var response = await _godex.Http.PostAsync(RequestBodies.Path(protocol), RequestBodies.Json(RequestBodies.Build(protocol, tools: 0, messages: 1, deep: 2000)));

        var message = await ProtocolErrors.AssertAsync(protocol, response, 400);
        Assert.Contains("more than 64 levels deep (limits.max_json_depth)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_sixty_four_levels_deep_is_still_served()
    {
        // Level 1 is the body, 2-3 the tool entry and its function, 4 the schema: 60 more nested schemas reach 64.
        var response = await _godex.Http.PostAsync(RequestBodies.Path("chat"), RequestBodies.Json(RequestBodies.Build("chat", tools: 1, messages: 1, deepSchema: true, schemaDepth: 60)));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

/// <summary>Request bodies of each protocol with a chosen number of tools and messages, and optionally deep JSON.</summary>
internal static class RequestBodies
{
    public static string Path(string protocol) => protocol switch
    {
        "chat" => "/v1/chat/completions",
        "responses" => "/v1/responses",
        "anthropic" => "/v1/messages",
        "gemini" => "/v1beta/models/mock:generateContent",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    public static ByteArrayContent Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <param name="deep">Arrays nested inside a top-level `deep` field (each adds a level).</param>
    /// <param name="deepSchema">Give the first tool a schema nested <paramref name="schemaDepth"/> objects deep instead of a flat one.</param>
    public static string Build(string protocol, int tools, int messages, int deep = 0, bool deepSchema = false, int? schemaDepth = null)
    {
        var toolList = Enumerable.Range(0, tools).Select(i => Tool(protocol, $"tool_{i}", i == 0 && deepSchema ? Schema(schemaDepth ?? SchemaDepthFor(protocol)) : """{"type":"object"}""")).ToList();
        var messageList = Enumerable.Range(0, messages).Select(i => Message(protocol, i, messages)).ToList();
        var extra = deep > 0 ? $",\"deep\":{new string('[', deep)}1{new string(']', deep)}" : "";
        var toolsJson = string.Join(',', toolList);
        var messagesJson = string.Join(',', messageList);
        var toolsField = tools == 0 ? "" : protocol == "gemini" ? ",\"tools\":[{\"functionDeclarations\":[" + toolsJson + "]}]" : ",\"tools\":[" + toolsJson + "]";
        return protocol switch
        {
            "chat" => $$"""{"model":"mock","messages":[{{messagesJson}}]{{toolsField}}{{extra}}}""",
            "responses" => $$"""{"model":"mock","input":[{{messagesJson}}]{{toolsField}}{{extra}}}""",
            "anthropic" => $$"""{"model":"mock","max_tokens":16,"messages":[{{messagesJson}}]{{toolsField}}{{extra}}}""",
            _ => $$"""{"contents":[{{messagesJson}}]{{toolsField}}{{extra}}}""",
        };
    }

    /// <summary>How deep a schema may nest so the whole body is exactly 12 levels (the test's limit) for that protocol's tool layout.</summary>
    private static int SchemaDepthFor(string protocol) => protocol switch
    {
        "chat" => 8,       // body, tools[], tool, function, then the schema
        "gemini" => 7,     // body, tools[], entry, functionDeclarations[], declaration, then the schema
        _ => 9,            // body, tools[], tool, then the schema
    };

    /// <summary>A schema exactly <paramref name="levels"/> JSON levels deep: each object property adds two (the schema and its `properties`).</summary>
    private static string Schema(int levels)
    {
        var inner = levels % 2 == 1 ? """{"type":"string"}""" : """{"type":"array","items":{"type":"string"}}""";
        for (var depth = levels % 2 == 1 ? 1 : 2; depth < levels; depth += 2)
        {
            inner = "{\"type\":\"object\",\"properties\":{\"p\":" + inner + "}}";
        }

        return inner;
    }

    private static string Tool(string protocol, string name, string schema) => protocol switch
    {
        "chat" => $$"""{"type":"function","function":{"name":"{{name}}","parameters":""" + schema + "}}",
        "responses" => $$"""{"type":"function","name":"{{name}}","parameters":{{schema}}}""",
        "anthropic" => $$"""{"name":"{{name}}","input_schema":{{schema}}}""",
        _ => $$"""{"name":"{{name}}","parameters":{{schema}}}""",
    };

    /// <summary>Alternating user and assistant turns that end with the user's.</summary>
    private static string Message(string protocol, int index, int count)
    {
        var user = (count - 1 - index) % 2 == 0;
        return protocol switch
        {
            "chat" => $$"""{"role":"{{(user ? "user" : "assistant")}}","content":"turn {{index}}"}""",
            "responses" => $$"""{"type":"message","role":"{{(user ? "user" : "assistant")}}","content":"turn {{index}}"}""",
            "anthropic" => $$"""{"role":"{{(user ? "user" : "assistant")}}","content":"turn {{index}}"}""",
            _ => $$"""{"role":"{{(user ? "user" : "model")}}","parts":[{"text":"turn {{index}}"}]}""",
        };
    }
}
