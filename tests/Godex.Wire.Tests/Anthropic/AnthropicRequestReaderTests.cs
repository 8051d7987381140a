using System.Text.Json;

using Xunit;

namespace Godex.Wire.Tests.Anthropic;

/// <summary>AnthropicRequestReader: what real Anthropic clients send becomes the canonical request, and bad input is named.</summary>
public class AnthropicRequestReaderTests
{
    /// <summary>Shaped like Claude Code's requests: cached system blocks, a thinking tool turn, an inline system message.</summary>
    internal const string ClaudeCodeLike = """
        {"model":"claude-sonnet-4-5","max_tokens":64000,"stream":true,
         "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Be terse."}],
         "tools":[{"name":"Bash","description":"Run a command","input_schema":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]},"cache_control":{"type":"ephemeral"}},
                  {"type":"web_search_20250305","name":"web_search","max_uses":5}],
         "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
         "metadata":{"user_id":"user_abc_account_1_session_2"},
         "thinking":{"type":"adaptive"},
         "output_config":{"effort":"medium"},
         "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
         "temperature":1,
         "messages":[
           {"role":"user","content":[{"type":"text","text":"List files"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
           {"role":"assistant","content":[{"type":"thinking","thinking":"Use ls.","signature":"sig-1"},{"type":"redacted_thinking","data":"opaque"},{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt","is_error":true,"cache_control":{"type":"ephemeral"}}]},
           {"role":"system","content":"Remember the plan."}]}
        """;

    [Fact]
    public void Claude_code_request_maps_every_part_to_the_canonical_model()
    {
        var request = AnthropicFixture.ReadRequest(ClaudeCodeLike);

        Assert.Equal("claude-sonnet-4-5", request.Model);
        Assert.Equal(64000, request.MaxOutputTokens);
        Assert.True(request.Stream);
        Assert.Equal(1, request.Temperature);
        Assert.Equal("user_abc_account_1_session_2", request.User);
        Assert.Equal(new ReasoningSettings { Enabled = true, Effort = "medium" }, request.Reasoning);
        Assert.Equal(ToolChoice.Auto, request.ToolChoice);
        Assert.False(request.ParallelToolCalls);

        Assert.Null(request.Instructions);
        var system = request.Messages[0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.Equal(["You are Claude Code.", "Be terse."], system.Parts.Cast<TextPart>().Select(part => part.Text));
        Assert.True(system.Parts[0].Extensions!.Fields.ContainsKey("cache_control"));
        Assert.Null(system.Parts[1].Extensions);

        var user = request.Messages[1];
        var image = Assert.IsType<ImagePart>(user.Parts[1]);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(Convert.FromBase64String("iVBORw0KGgo="), image.Data);

        var assistant = request.Messages[2];
        Assert.Equal(new ReasoningPart { Text = "Use ls.", Signature = "sig-1" }, assistant.Parts[0]);
        Assert.Equal(new ReasoningPart { Redacted = true, EncryptedContent = "opaque" }, assistant.Parts[1]);
        var call = Assert.IsType<ToolCallPart>(assistant.Parts[2]);
        Assert.Equal(("toolu_1", "Bash"), (call.Id, call.Name));
        Fixture.JsonEqual("""{"command":"ls"}""", call.ArgumentsJson);

        var result = Assert.IsType<ToolResultPart>(Assert.Single(request.Messages[3].Parts));
        Assert.Equal("toolu_1", result.CallId);
        Assert.True(result.IsError);
        Assert.Equal("a.txt", result.TextContent());
        Assert.True(result.Extensions!.Fields.ContainsKey("cache_control"));

        var inline = request.Messages[4];
        Assert.Equal(ChatRole.System, inline.Role);
        Assert.Equal("Remember the plan.", inline.JoinedText());
        Assert.Equal("anthropic", inline.Extensions!.Protocol);
    }

    [Fact]
    public void Function_tools_keep_cache_control_and_server_tools_keep_their_raw_json()
    {
        var request = AnthropicFixture.ReadRequest(ClaudeCodeLike);

        var bash = request.Tools[0];
        Assert.Equal(ToolDefinition.FunctionKind, bash.Kind);
        Assert.Equal("Run a command", bash.Description);
        Assert.Equal("object", bash.Parameters!.Value.GetProperty("type").GetString());
        Assert.True(bash.Extensions!.Fields.ContainsKey("cache_control"));

        var search = request.Tools[1];
        Assert.Equal(("web_search", "web_search_20250305"), (search.Name, search.Kind));
        Assert.Equal(5, search.Raw!.Value.GetProperty("max_uses").GetInt32());
    }

    [Fact]
    public void Unknown_fields_and_verbatim_settings_ride_in_the_anthropic_bag()
    {
        var request = AnthropicFixture.ReadRequest(ClaudeCodeLike);

        Assert.Equal("anthropic", request.Extensions!.Protocol);
        Assert.Equal(["context_management", "metadata", "output_config", "thinking"], request.Extensions.Fields.Keys.Order());
        Assert.Equal("clear_thinking_20251015", request.Extensions.Fields["context_management"].GetProperty("edits")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void System_string_becomes_instructions()
    {
        var request = AnthropicFixture.ReadRequest("""{"model":"m","max_tokens":5,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("Be brief.", request.Instructions);
        var message = Assert.Single(request.Messages);
        Assert.Equal((ChatRole.User, "hi"), (message.Role, message.JoinedText()));
        Assert.Null(request.Extensions);
    }

    [Theory]
    [InlineData("""{"type":"enabled","budget_tokens":2048}""", null, true, 2048, null)]
    [InlineData("""{"type":"disabled"}""", null, false, null, null)]
    [InlineData(null, "max", null, null, "xhigh")]
    [InlineData(null, "low", null, null, "low")]
    public void Thinking_and_effort_map_to_reasoning_settings(string? thinking, string? effort, bool? enabled, int? budget, string? canonicalEffort)
    {
        var fields = new List<string> { "\"model\":\"m\"", "\"max_tokens\":4096", "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" };
        if (thinking is not null)
        {
            fields.Add($"\"thinking\":{thinking}");
        }

        if (effort is not null)
        {
            fields.Add($"\"output_config\":{{\"effort\":\"{effort}\"}}");
        }

        var request = AnthropicFixture.ReadRequest("{" + string.Join(",", fields) + "}");

        Assert.Equal(new ReasoningSettings { Enabled = enabled, BudgetTokens = budget, Effort = canonicalEffort }, request.Reasoning);
    }

    [Fact]
    public void Structured_output_in_output_config_and_in_the_beta_output_format_become_a_json_schema()
    {
        foreach (var field in new[] { "\"output_config\":{\"format\":", "\"output_format\":" })
        {
            var close = field.StartsWith("\"output_config", StringComparison.Ordinal) ? "}" : "";
            const string Format = """{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}}}}""";
            var request = AnthropicFixture.ReadRequest("""{"model":"m","max_tokens":50,"messages":[{"role":"user","content":"hi"}],""" + field + Format + close + "}");

            Assert.Equal(ResponseFormatKind.JsonSchema, request.ResponseFormat!.Kind);
            Assert.Equal("object", request.ResponseFormat.Schema!.Value.GetProperty("type").GetString());
        }
    }

    [Fact]
    public void Documents_urls_and_tool_choices_are_read()
    {
        var request = AnthropicFixture.ReadRequest("""
            {"model":"m","max_tokens":50,"tool_choice":{"type":"tool","name":"get"},
             "tools":[{"name":"get","input_schema":{"type":"object"}}],
             "messages":[{"role":"user","content":[
               {"type":"document","source":{"type":"text","media_type":"text/plain","data":"hello"},"title":"note.txt","citations":{"enabled":true}},
               {"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}},
               {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},
               {"type":"tool_result","tool_use_id":"t1","content":"plain"}]}]}
            """);

        Assert.Equal(new ToolChoice(ToolChoiceMode.Function, "get"), request.ToolChoice);
        var parts = request.Messages[0].Parts;
        var text = Assert.IsType<FilePart>(parts[0]);
        Assert.Equal(("text/plain", "note.txt", "hello"), (text.MediaType, text.FileName, System.Text.Encoding.UTF8.GetString(text.Data!)));
        Assert.True(text.Extensions!.Fields.ContainsKey("citations"));
        Assert.Equal("https://example.com/a.pdf", Assert.IsType<FilePart>(parts[1]).Url);
        Assert.Equal("https://example.com/a.png", Assert.IsType<ImagePart>(parts[2]).Url);
        Assert.Equal("plain", Assert.IsType<ToolResultPart>(parts[3]).TextContent());
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":5}""", "messages")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"robot","content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_use","id":"a","name":"b","input":{}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"hologram"}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"%%%"}}]}]}""", "messages[0].content[0].source.data")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"b","input":"x"}]}]}""", "messages[0].content[0].input")]
    [InlineData("""{"model":"m","max_tokens":5,"thinking":{"type":"enabled"},"messages":[{"role":"user","content":"hi"}]}""", "thinking.budget_tokens")]
    [InlineData("""{"model":"m","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":4000},"messages":[{"role":"user","content":"hi"}]}""", "thinking.budget_tokens")]
    [InlineData("""{"model":"m","max_tokens":5,"tool_choice":{"type":"tool"},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice.name")]
    [InlineData("""{"model":"m","max_tokens":5,"tools":[{"name":"x"}],"messages":[{"role":"user","content":"hi"}]}""", "tools[0].input_schema")]
    [InlineData("""{"model":"m","max_tokens":5,"output_config":{"effort":"extreme"},"messages":[{"role":"user","content":"hi"}]}""", "output_config.effort")]
    [InlineData("""{"model":"m","max_tokens":5,"system":[{"type":"image","source":{"type":"url","url":"u"}}],"messages":[{"role":"user","content":"hi"}]}""", "system[0].type")]
    [InlineData("""{"model":"m","max_tokens":"five","messages":[]}""", "max_tokens")]
    public void Requests_the_protocol_forbids_are_refused_naming_the_field(string json, string field)
    {
        var error = AnthropicFixture.Refusal(() => AnthropicFixture.ReadRequest(json));

        Assert.Equal(400, error.Status);
        Assert.Equal(field, error.Param);
        Assert.Contains(field.Split('[')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_tokens_body_needs_no_max_tokens()
    {
        using var body = new MemoryStream("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""u8.ToArray());

        var request = await Godex.Wire.Anthropic.AnthropicRequestReader.ReadCountAsync(body, CancellationToken.None);

        Assert.Null(request.MaxOutputTokens);
        Assert.Equal("hi", request.Messages[0].JoinedText());
    }

    [Fact]
    public void Text_block_fields_such_as_cache_control_stay_on_the_part()
    {
        var request = AnthropicFixture.ReadRequest("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral","ttl":"1h"}}]}]}""");

        var text = Assert.IsType<TextPart>(request.Messages[0].Parts[0]);
        Assert.Equal("1h", text.Extensions!.Fields["cache_control"].GetProperty("ttl").GetString());
        Assert.Equal(JsonValueKind.Object, text.Extensions.Fields["cache_control"].ValueKind);
    }
}
