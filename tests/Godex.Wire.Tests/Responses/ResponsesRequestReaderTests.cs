using System.Text;
using System.Text.Json;

using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Responses;

/// <summary>ResponsesRequestReader on client bodies: Codex's shape, every item kind, and bad input naming the field.</summary>
public class ResponsesRequestReaderTests
{
    private static ChatRequest Read(string json) => ResponsesRequestReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Codex_first_turn_keeps_developer_items_tools_and_its_extension_fields()
    {
        var request = Read(CodexRequest.FirstTurn);

        Assert.Equal("gpt-5.1-codex", request.Model);
        Assert.Null(request.Instructions);
        Assert.True(request.Stream);
        Assert.Equal([ChatRole.Developer, ChatRole.User, ChatRole.User], request.Messages.Select(static m => m.Role));
        Assert.Equal("You are Codex, a coding agent.", request.Messages[0].JoinedText());
        Assert.Equal(ToolChoice.Auto, request.ToolChoice);
        Assert.True(request.ParallelToolCalls);
        Assert.Equal(new ReasoningSettings { Effort = "medium", Summary = "auto" }, request.Reasoning);

        Assert.Equal(["shell_command", "mcp__docs__search", "web_search", "apply_patch"], request.Tools.Select(static t => t.Name));
        var shell = request.Tools[0];
        Assert.Equal(ToolDefinition.FunctionKind, shell.Kind);
        Assert.False(shell.Strict);
        Assert.Equal("object", shell.Parameters!.Value.GetProperty("type").GetString());

        // The namespace member is a plain function tool everywhere, and remembers its namespace for Responses.
        var member = request.Tools[1];
        Assert.Equal(ToolDefinition.FunctionKind, member.Kind);
        Assert.Equal("Searches the docs.", member.Description);
        Assert.Equal("mcp__docs__", member.Extensions!.Fields["namespace"].GetProperty("name").GetString());
        Assert.True(member.Extensions.Fields["defer_loading"].GetBoolean());

        Assert.Equal("web_search", request.Tools[2].Kind);
        Assert.False(request.Tools[2].Raw!.Value.GetProperty("external_web_access").GetBoolean());
        Assert.Equal("custom", request.Tools[3].Kind);
        Assert.Equal("lark", request.Tools[3].Raw!.Value.GetProperty("format").GetProperty("syntax").GetString());

        var extensions = request.Extensions!;
        Assert.Equal(ResponsesProtocol.Name, extensions.Protocol);
        Assert.False(extensions.Fields["store"].GetBoolean());
        Assert.Equal("reasoning.encrypted_content", extensions.Fields["include"][0].GetString());
        Assert.Equal("0199aa52-session", extensions.Fields["prompt_cache_key"].GetString());
        Assert.Equal("1", extensions.Fields["client_metadata"].GetProperty("x-codex-turn").GetString());
        Assert.Equal("low", extensions.Fields["text"].GetProperty("verbosity").GetString());
    }

    [Fact]
    public void Codex_second_turn_groups_reasoning_and_calls_into_one_assistant_turn_and_outputs_into_one_tool_turn()
    {
        var request = Read(CodexRequest.SecondTurn);

        Assert.Equal([ChatRole.Developer, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant, ChatRole.User], request.Messages.Select(static m => m.Role));
        var turn = request.Messages[2].Parts;
        var reasoning = Assert.IsType<ReasoningPart>(turn[0]);
        Assert.Equal("**Listing**\n\nRun ls.", reasoning.Text);
        Assert.Equal("gAAAA-opaque-payload==", reasoning.EncryptedContent);

        var shell = Assert.IsType<ToolCallPart>(turn[1]);
        Assert.Equal(("call_1", "shell_command", """{"command":"ls"}"""), (shell.Id, shell.Name, shell.ArgumentsJson));
        var search = Assert.IsType<ToolCallPart>(turn[2]);
        Assert.Equal("mcp__docs__search", search.Name);
        var patch = Assert.IsType<ToolCallPart>(turn[3]);
        Assert.Equal("apply_patch", patch.Name);
        Fixture.JsonEqual("""{"input":"*** Begin Patch\n*** End Patch"}""", patch.ArgumentsJson);
        Assert.Equal("custom_tool_call", patch.Extensions!.Fields["type"].GetString());
        var webSearch = Assert.IsType<TextPart>(turn[4]);
        Assert.Equal("", webSearch.Text);
        Assert.Equal("web_search_call", webSearch.Extensions!.Fields["item"].GetProperty("type").GetString());
        var shellCall = Assert.IsType<ToolCallPart>(turn[5]);
        Assert.Equal(("call_4", "local_shell"), (shellCall.Id, shellCall.Name));
        Fixture.JsonEqual("""{"type":"exec","command":["ls","-a"]}""", shellCall.ArgumentsJson);
        Assert.Equal("rs_1", reasoning.Extensions!.Fields["id"].GetString());

        var results = request.Messages[3].Parts.Cast<ToolResultPart>().ToList();
        Assert.Equal(["call_1", "call_2", "call_3", "call_4"], results.Select(static r => r.CallId));
        Assert.Equal(["shell_command", "mcp__docs__search", "apply_patch", "local_shell"], results.Select(static r => r.Name));
        Assert.Equal(["README.md\nsrc", "ls lists files", "Done!", ".\n.."], results.Select(static r => r.TextContent()));
        Assert.Equal("user-hash", request.User);

        var answer = Assert.IsType<TextPart>(Assert.Single(request.Messages[4].Parts));
        Assert.Equal("Two entries.", answer.Text);
        Assert.Equal("final_answer", answer.Extensions!.Fields["message"].GetProperty("phase").GetString());
    }

    [Fact]
    public void String_input_and_instructions_become_one_user_message_and_the_instructions()
    {
        var request = Read("""{"model":"m","instructions":"Be brief.","input":"Hello","max_output_tokens":64,"temperature":0.5,"top_p":0.9,"user":"u-1","metadata":{"k":"v"}}""");

        Assert.Equal("Be brief.", request.Instructions);
        Assert.Equal(ChatMessage.Text(ChatRole.User, "Hello").JoinedText(), Assert.Single(request.Messages).JoinedText());
        Assert.Equal(ChatRole.User, request.Messages[0].Role);
        Assert.Equal(64, request.MaxOutputTokens);
        Assert.Equal(0.5, request.Temperature);
        Assert.Equal(0.9, request.TopP);
        Assert.Equal("u-1", request.User);
        Assert.Equal("v", request.Metadata!["k"]);
        Assert.False(request.Stream);
    }

    [Fact]
    public void Easy_messages_images_and_files_map_to_parts()
    {
        var request = Read("""
            {"model":"m","input":[
              {"role":"system","content":"Rules."},
              {"role":"user","content":[
                {"type":"input_text","text":"Look"},
                {"type":"input_image","image_url":"https://example.com/a.png","detail":"low"},
                {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="},
                {"type":"input_image","file_id":"file-img","detail":"high"},
                {"type":"input_file","file_id":"file-1"},
                {"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}]},
              {"role":"assistant","content":[{"type":"refusal","refusal":"No."}]}]}
            """);

        Assert.Equal(ChatRole.System, request.Messages[0].Role);
        var parts = request.Messages[1].Parts;
        Assert.Equal(new TextPart("Look"), parts[0]);
        var url = Assert.IsType<ImagePart>(parts[1]);
        Assert.Equal(("https://example.com/a.png", "low"), (url.Url, url.Detail));
        var inline = Assert.IsType<ImagePart>(parts[2]);
        Assert.Equal("image/png", inline.MediaType);
        Assert.Equal(Convert.FromBase64String("iVBORw0KGgo="), inline.Data);
        var uploaded = Assert.IsType<FilePart>(parts[3]);
        Assert.Equal("file-img", uploaded.FileId);
        Assert.Equal("input_image", uploaded.Extensions!.Fields["type"].GetString());
        Assert.Equal("file-1", Assert.IsType<FilePart>(parts[4]).FileId);
        var pdf = Assert.IsType<FilePart>(parts[5]);
        Assert.Equal(("a.pdf", "application/pdf"), (pdf.FileName, pdf.MediaType));
        var refusal = Assert.IsType<TextPart>(Assert.Single(request.Messages[2].Parts));
        Assert.Equal("No.", refusal.Text);
        Assert.Equal("refusal", refusal.Extensions!.Fields["type"].GetString());
    }

    [Fact]
    public void Text_format_and_tool_choices_map_to_canonical_settings()
    {
        var request = Read("""
            {"model":"m","input":"x","tool_choice":{"type":"function","name":"f"},
             "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],
             "text":{"format":{"type":"json_schema","name":"answer","strict":true,"schema":{"type":"object","properties":{"a":{"type":"string"}}}}},
             "reasoning":{"effort":"high"}}
            """);

        Assert.Equal(new ToolChoice(ToolChoiceMode.Function, "f"), request.ToolChoice);
        var format = request.ResponseFormat!;
        Assert.Equal((ResponseFormatKind.JsonSchema, "answer", true), (format.Kind, format.Name, format.Strict));
        Assert.Equal("object", format.Schema!.Value.GetProperty("type").GetString());
        Assert.Equal("high", request.Reasoning!.Effort);

        Assert.Equal(ToolChoice.Required, Read("""{"input":"x","tool_choice":"required"}""").ToolChoice);
        Assert.Equal(ToolChoice.None, Read("""{"input":"x","tool_choice":"none"}""").ToolChoice);
        Assert.Equal(ResponseFormatKind.JsonObject, Read("""{"input":"x","text":{"format":{"type":"json_object"}}}""").ResponseFormat!.Kind);

        // A hosted tool that must be used: required for others, kept whole for a Responses upstream.
        var hosted = Read("""{"input":"x","tool_choice":{"type":"web_search_preview"}}""");
        Assert.Equal(ToolChoice.Required, hosted.ToolChoice);
        Assert.Equal("web_search_preview", hosted.Extensions!.Fields["tool_choice"].GetProperty("type").GetString());
    }

    [Fact]
    public void Previous_response_id_without_input_is_read_for_the_gateway_to_decide()
    {
        var request = Read("""{"model":"m","previous_response_id":"resp_1"}""");

        Assert.Empty(request.Messages);
        Assert.Equal("resp_1", request.Extensions!.Fields["previous_response_id"].GetString());
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"input":7}""", "input")]
    [InlineData("""{"input":[{"role":"robot","content":"x"}]}""", "input[0].role")]
    [InlineData("""{"input":[{"content":"x"}]}""", "input[0].type")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_audio"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"input":[{"type":"function_call","name":"f","arguments":"{}"}]}""", "input[0].call_id")]
    [InlineData("""{"input":[{"type":"function_call_output","output":"x"}]}""", "input[0].call_id")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_image"}]}]}""", "input[0].content[0]")]
    [InlineData("""{"input":"x","tools":[{"type":"function"}]}""", "tools[0].name")]
    [InlineData("""{"input":"x","tools":[{"name":"f"}]}""", "tools[0].type")]
    [InlineData("""{"input":"x","tools":[{"type":"namespace","name":"n"}]}""", "tools[0].tools")]
    [InlineData("""{"input":"x","tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"input":"x","text":{"format":{"type":"yaml"}}}""", "text.format.type")]
    [InlineData("""{"input":"x","metadata":{"k":1}}""", "metadata.k")]
    public void Bad_input_is_a_400_naming_the_field(string json, string param)
    {
        var error = ResponsesFixture.BadRequest(() => Read(json));

        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void Item_reference_is_refused_as_a_session_feature_not_yet_available()
    {
        var exception = Assert.Throws<GodexException>(() => Read("""{"input":[{"type":"item_reference","id":"msg_1"}]}"""));

        Assert.Equal(400, exception.Error.Status);
        Assert.Equal("session.unsupported", exception.Error.Code);
        Assert.Contains("not available", exception.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_fields_travel_in_the_bag()
    {
        var request = Read("""{"input":"x","service_tier":"flex","truncation":"auto","stream_options":{"include_obfuscation":false}}""");

        Assert.Equal("flex", request.Extensions!.Fields["service_tier"].GetString());
        Assert.Equal("auto", request.Extensions.Fields["truncation"].GetString());
        Assert.Equal(JsonValueKind.Object, request.Extensions.Fields["stream_options"].ValueKind);
    }
}
