using System.Text.Json;

using Godex.Gateway.Compatibility;
using Godex.Gateway.Specs;
using Godex.Wire;

namespace Godex.Gateway.Tests.Compatibility;

public sealed class CompatibilityPlannerTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement.Clone();

    private static ChatRequest Request(Func<ChatRequest, ChatRequest>? shape = null)
    {
        var request = new ChatRequest { Model = "m", Messages = [ChatMessage.Text(ChatRole.User, "hi")] };
        return shape is null ? request : shape(request);
    }

    private static (ChatRequest Planned, List<string> Degradations) Plan(string preset, ChatRequest request, string client = "openai-responses")
    {
        var degradations = new List<string>();
        return (CompatibilityPlanner.Plan(request, BuiltInSpecs.For(preset), preset, client, degradations), degradations);
    }

    [Fact]
    public void Deepseek_drops_reasoning_effort_and_records_it()
    {
        var (planned, degradations) = Plan("deepseek", Request(r => r with { Reasoning = new ReasoningSettings { Effort = "high" } }));

        Assert.Null(planned.Reasoning);
        Assert.Contains("reasoning effort high: dropped (provider has no reasoning control)", degradations);
    }

    [Theory]
    [InlineData("zhipu", "high", """{"type":"enabled"}""")]
    [InlineData("zhipu", "none", """{"type":"disabled"}""")]
    [InlineData("xiaomi", "low", """{"type":"enabled"}""")]
    public void Toggle_providers_get_their_thinking_switch_instead_of_an_effort(string preset, string effort, string expected)
    {
        var (planned, degradations) = Plan(preset, Request(r => r with { Reasoning = new ReasoningSettings { Effort = effort } }));

        Assert.Null(planned.Reasoning);
        Assert.Equal("openai-chat", planned.ProviderFields!.Protocol);
        Assert.Equal(expected, planned.ProviderFields.Fields["thinking"].GetRawText());
        Assert.Single(degradations);
    }

    [Fact]
    public void Minimax_has_no_reasoning_control_and_no_tool_choice()
    {
        var tools = new List<ToolDefinition> { new("add") };
        var (planned, degradations) = Plan("minimax", Request(r => r with { Reasoning = new ReasoningSettings { Effort = "medium" }, Tools = tools, ToolChoice = ToolChoice.Required }));

        Assert.Null(planned.Reasoning);
        Assert.Null(planned.ToolChoice);
        Assert.Equal(2, degradations.Count);
    }

    [Fact]
    public void Groq_keeps_the_effort_it_understands()
    {
        var (planned, degradations) = Plan("groq", Request(r => r with { Reasoning = new ReasoningSettings { Effort = "low" } }));

        Assert.Equal("low", planned.Reasoning!.Effort);
        Assert.Empty(degradations);
    }

    [Fact]
    public void A_forced_function_choice_degrades_to_auto_where_only_auto_exists()
    {
        var (planned, degradations) = Plan("zhipu", Request(r => r with { Tools = [new ToolDefinition("add")], ToolChoice = new ToolChoice(ToolChoiceMode.Function, "add") }));

        Assert.Equal(ToolChoiceMode.Auto, planned.ToolChoice!.Mode);
        Assert.Equal(["tool_choice function add -> auto"], degradations);
    }

    [Fact]
    public void Json_schema_becomes_json_object_with_the_schema_in_the_instructions()
    {
        var (planned, degradations) = Plan("deepseek", Request(r => r with { Instructions = "Be brief.", ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = Schema } }));

        Assert.Equal(ResponseFormatKind.JsonObject, planned.ResponseFormat!.Kind);
        Assert.StartsWith("Be brief.\n\nRespond only with one JSON value that matches this JSON Schema", planned.Instructions, StringComparison.Ordinal);
        Assert.Contains("\"city\"", planned.Instructions, StringComparison.Ordinal);
        Assert.Single(degradations);
    }

    [Fact]
    public void Too_many_tools_is_a_400_naming_the_limit_and_the_provider()
    {
        var tools = Enumerable.Range(0, 129).Select(i => new ToolDefinition($"t{i}")).ToList();

        var error = Assert.Throws<GodexException>(() => Plan("deepseek", Request(r => r with { Tools = tools }))).Error;

        Assert.Equal(400, error.Status);
        Assert.Equal("Provider 'deepseek' accepts at most 128 tools; the request has 129.", error.Message);
    }

    [Fact]
    public void Codex_built_in_tools_become_functions_or_are_removed_for_chat_providers_but_stay_for_responses()
    {
        using var raw = JsonDocument.Parse("""{"type":"web_search"}""");
        var tools = new List<ToolDefinition>
        {
            new("apply_patch") { Kind = "custom", Raw = raw.RootElement.Clone() },
            new("web_search") { Kind = "web_search", Raw = raw.RootElement.Clone() },
            new("add"),
        };

        var (chat, degradations) = Plan("deepseek", Request(r => r with { Tools = tools }));
        var (responses, none) = Plan("openai-responses", Request(r => r with { Tools = tools }));

        Assert.Equal(["apply_patch", "add"], chat.Tools.Select(tool => tool.Name));
        Assert.All(chat.Tools, tool => Assert.Equal(ToolDefinition.FunctionKind, tool.Kind));
        Assert.Contains("\"input\"", chat.Tools[0].Parameters!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, degradations.Count);
        Assert.Equal(3, responses.Tools.Count);
        Assert.Empty(none);
    }

    [Fact]
    public void Minimax_drops_unpaired_tool_results_and_calls_but_keeps_the_last_turns_calls()
    {
        var messages = new List<ChatMessage>
        {
            ChatMessage.Text(ChatRole.User, "go"),
            new(ChatRole.Assistant, [new ToolCallPart("call_a", "add", "{}"), new ToolCallPart("call_lost", "add", "{}")]),
            new(ChatRole.Tool, [new ToolResultPart("call_a", [new TextPart("1")]), new ToolResultPart("call_orphan", [new TextPart("?")])]),
            new(ChatRole.Assistant, [new ToolCallPart("call_next", "add", "{}")]),
        };

        var (planned, degradations) = Plan("minimax", Request(r => r with { Messages = messages }));

        Assert.Equal(["call_a"], planned.Messages[1].Parts.OfType<ToolCallPart>().Select(call => call.Id));
        Assert.Equal(["call_a"], planned.Messages[2].Parts.OfType<ToolResultPart>().Select(result => result.CallId));
        Assert.Equal("call_next", Assert.IsType<ToolCallPart>(Assert.Single(planned.Messages[3].Parts)).Id);
        Assert.Equal(["2 unpaired tool call/result part(s) dropped (provider rejects them)"], degradations);
    }

    [Fact]
    public void A_tool_result_image_moves_to_a_user_message_for_chat_providers()
    {
        var image = new ImagePart { Url = "https://example.com/screenshot.png" };
        var messages = new List<ChatMessage>
        {
            new(ChatRole.Assistant, [new ToolCallPart("call_1", "screenshot", "{}")]),
            new(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("done"), image])]),
        };

        var (planned, degradations) = Plan("openai", Request(r => r with { Messages = messages }), client: "openai-chat");

        var result = Assert.IsType<ToolResultPart>(Assert.Single(planned.Messages[1].Parts));
        Assert.All(result.Content, part => Assert.IsType<TextPart>(part));
        Assert.Equal(ChatRole.User, planned.Messages[2].Role);
        Assert.Same(image, Assert.Single(planned.Messages[2].Parts));
        Assert.Single(degradations);
    }

    [Theory]
    [InlineData("openai-responses")]
    [InlineData("deepseek")]
    public void Top_k_is_dropped_for_openai_protocols_and_recorded(string preset)
    {
        var (planned, degradations) = Plan(preset, Request(r => r with { TopK = 40 }));

        Assert.Null(planned.TopK);
        Assert.Equal(["top_k 40: dropped (the provider's protocol has no top_k)"], degradations);
    }

    [Fact]
    public void Top_k_stays_for_families_that_have_it()
    {
        var (planned, degradations) = Plan("gemini", Request(r => r with { TopK = 40 }));

        Assert.Equal(40, planned.TopK);
        Assert.Empty(degradations);
    }
}
