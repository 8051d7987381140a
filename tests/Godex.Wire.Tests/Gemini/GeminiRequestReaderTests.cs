using System.Text.Json;

using Godex.Wire.Gemini;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>GeminiRequestReader on the bodies Gemini CLI and @google/genai send.</summary>
public class GeminiRequestReaderTests
{
    internal const string CliTurn = """
        {
          "contents": [
            {"role":"user","parts":[{"text":"Read README.md"}]},
            {"role":"model","parts":[
              {"text":"**Planning**","thought":true},
              {"text":"I'll read it.","thoughtSignature":"c2lnLXRleHQ="},
              {"functionCall":{"id":"call-1","name":"read_file","args":{"path":"README.md"}},"thoughtSignature":"c2lnLWNhbGw="}]},
            {"role":"user","parts":[{"functionResponse":{"id":"call-1","name":"read_file","response":{"output":"# Godex"}}}]}
          ],
          "systemInstruction":{"role":"user","parts":[{"text":"You are a CLI."}]},
          "tools":[{"functionDeclarations":[{"name":"read_file","description":"Reads a file","parametersJsonSchema":{"type":"OBJECT","properties":{"path":{"type":"STRING"}},"required":["path"]}}]},{"googleSearch":{}}],
          "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["read_file"]}},
          "generationConfig":{"temperature":0,"topP":1,"topK":64,"maxOutputTokens":1000,"stopSequences":["END"],"seed":7,
            "thinkingConfig":{"includeThoughts":true,"thinkingLevel":"HIGH"},"responseLogprobs":false},
          "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
          "session_id":"abc"
        }
        """;

    [Fact]
    public void Cli_turn_maps_messages_signatures_tools_and_settings()
    {
        var request = GeminiFixture.ReadRequest(CliTurn);

        Assert.Equal("You are a CLI.", request.Instructions);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], request.Messages.Select(static m => m.Role));

        var model = request.Messages[1].Parts;
        Assert.Equal(new ReasoningPart { Text = "**Planning**" }, model[0]);
        var text = Assert.IsType<TextPart>(model[1]);
        Assert.Equal("I'll read it.", text.Text);
        Assert.Equal("c2lnLXRleHQ=", text.Extensions!.Fields["thoughtSignature"].GetString());
        var call = Assert.IsType<ToolCallPart>(model[2]);
        Assert.Equal(("call-1", "read_file", "c2lnLWNhbGw="), (call.Id, call.Name, call.Signature));
        Fixture.JsonEqual("""{"path":"README.md"}""", call.ArgumentsJson);

        var result = Assert.IsType<ToolResultPart>(Assert.Single(request.Messages[2].Parts));
        Assert.Equal(("call-1", "read_file", false), (result.CallId, result.Name, result.IsError));
        Assert.Equal("# Godex", result.TextContent());

        var function = request.Tools[0];
        Assert.Equal(("read_file", ToolDefinition.FunctionKind, "Reads a file"), (function.Name, function.Kind, function.Description));
        Fixture.JsonEqual("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""", function.Parameters!.Value.GetRawText());
        Assert.Equal("googleSearch", request.Tools[1].Kind);
        Fixture.JsonEqual("""{"googleSearch":{}}""", request.Tools[1].Raw!.Value.GetRawText());

        Assert.Equal(new ToolChoice(ToolChoiceMode.Function, "read_file"), request.ToolChoice);
        Assert.Equal((0.0, 1.0, 64, 1000, 7L), (request.Temperature, request.TopP, request.TopK, request.MaxOutputTokens, request.Seed));
        Assert.Equal(["END"], request.Stop);
        Assert.Equal(new ReasoningSettings { Effort = "high", Summary = "auto" }, request.Reasoning);

        var bag = request.Extensions!;
        Assert.Equal(GeminiProtocol.Name, bag.Protocol);
        Assert.Equal(["generationConfig", "safetySettings", "session_id"], bag.Fields.Keys.Order());
        Fixture.JsonEqual("""{"responseLogprobs":false,"thinkingConfig":{"thinkingLevel":"HIGH"}}""", bag.Fields["generationConfig"].GetRawText());
    }

    [Fact]
    public void Calls_without_ids_pair_with_responses_by_name_in_order_even_when_the_client_made_up_response_ids()
    {
        var request = GeminiFixture.ReadRequest("""
            {"contents":[
              {"role":"user","parts":[{"text":"Two files"}]},
              {"role":"model","parts":[{"functionCall":{"name":"read_file","args":{"path":"a"}}},{"functionCall":{"name":"read_file","args":{"path":"b"}}}]},
              {"role":"user","parts":[
                {"functionResponse":{"id":"read_file-1717-x","name":"read_file","response":{"output":"A"}}},
                {"functionResponse":{"name":"read_file","response":{"error":"missing"}}}]}]}
            """);

        var calls = request.Messages[1].Parts.Cast<ToolCallPart>().ToList();
        var results = request.Messages[2].Parts.Cast<ToolResultPart>().ToList();
        Assert.All(calls, static c => Assert.True(GeminiProtocol.IsSyntheticCallId(c.Id)));
        Assert.NotEqual(calls[0].Id, calls[1].Id);
        Assert.Equal([calls[0].Id, calls[1].Id], results.Select(static r => r.CallId));
        Assert.Equal("read_file-1717-x", results[0].Extensions!.Fields["id"].GetString());
        Assert.True(results[1].IsError);
        Assert.Equal("missing", results[1].TextContent());
    }

    [Fact]
    public void Openapi_parameters_snake_case_fields_and_inline_images_are_read()
    {
        var request = GeminiFixture.ReadRequest("""
            {"system_instruction":{"parts":[{"text":"Be terse."},{"text":"Use metric."}]},
             "contents":[{"parts":[{"text":"What is this?"},{"inline_data":{"mime_type":"image/png","data":"iVBORw0KGgo"}},{"file_data":{"mime_type":"application/pdf","file_uri":"https://example.com/a.pdf"}}]}],
             "tools":[{"function_declarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"n":{"type":"INTEGER","nullable":true},"tags":{"type":"ARRAY","items":{"type":"STRING"}}}}}]}],
             "generation_config":{"max_output_tokens":5,"response_mime_type":"application/json","response_schema":{"type":"OBJECT","properties":{"a":{"type":"STRING"}}},"thinking_config":{"thinking_budget":0}}}
            """);

        Assert.Equal("Be terse.\nUse metric.", request.Instructions);
        var parts = request.Messages[0].Parts;
        Assert.Equal(ChatRole.User, request.Messages[0].Role);
        var image = Assert.IsType<ImagePart>(parts[1]);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], image.Data);
        var file = Assert.IsType<FilePart>(parts[2]);
        Assert.Equal(("https://example.com/a.pdf", "application/pdf"), (file.Url, file.MediaType));
        Fixture.JsonEqual("""{"type":"object","properties":{"n":{"type":["integer","null"]},"tags":{"type":"array","items":{"type":"string"}}}}""", request.Tools[0].Parameters!.Value.GetRawText());
        Assert.Equal(5, request.MaxOutputTokens);
        Assert.Equal(ResponseFormatKind.JsonSchema, request.ResponseFormat!.Kind);
        Fixture.JsonEqual("""{"type":"object","properties":{"a":{"type":"string"}}}""", request.ResponseFormat.Schema!.Value.GetRawText());
        Assert.Equal(new ReasoningSettings { Enabled = false }, request.Reasoning);
        Assert.Null(request.Extensions);
    }

    [Theory]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"toolConfig":{"functionCallingConfig":{"mode":"AUTO"}}}""", ToolChoiceMode.Auto, false)]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"toolConfig":{"functionCallingConfig":{"mode":"NONE"}}}""", ToolChoiceMode.None, false)]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY"}}}""", ToolChoiceMode.Required, false)]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["a","b"]}}}""", ToolChoiceMode.Required, true)]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"toolConfig":{"functionCallingConfig":{"mode":"VALIDATED"}}}""", ToolChoiceMode.Auto, true)]
    public void Function_calling_modes_map_and_what_is_more_than_canonical_travels_whole(string body, ToolChoiceMode mode, bool keptWhole)
    {
        var request = GeminiFixture.ReadRequest(body);
        Assert.Equal(mode, request.ToolChoice!.Mode);
        Assert.Equal(keptWhole, request.Extensions?.Fields.ContainsKey("toolConfig") ?? false);
    }

    [Theory]
    [InlineData("""{}""", "contents")]
    [InlineData("""{"contents":[{"role":"system","parts":[{"text":"x"}]}]}""", "contents[0].role")]
    [InlineData("""{"contents":[{"role":"user"}]}""", "contents[0].parts")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"executableCode":{"code":"1"}}]}]}""", "contents[0].parts[0]")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"image/png","data":"***"}}]}]}""", "contents[0].parts[0].inlineData.data")]
    [InlineData("""{"contents":[{"role":"model","parts":[{"functionCall":{"args":{}}}]}]}""", "contents[0].parts[0].functionCall.name")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"functionResponse":{"response":{}}}]}]}""", "contents[0].parts[0].functionResponse.name")]
    [InlineData("""{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","parameters":{},"parametersJsonSchema":{}}]}]}""", "tools[0].functionDeclarations[0].parametersJsonSchema")]
    [InlineData("""{"contents":[],"toolConfig":{"functionCallingConfig":{"mode":"SOMETIMES"}}}""", "toolConfig.functionCallingConfig.mode")]
    [InlineData("""{"contents":[],"generationConfig":{"candidateCount":2}}""", "generationConfig.candidateCount")]
    [InlineData("""{"contents":[],"generationConfig":{"topK":2.5}}""", "generationConfig.topK")]
    [InlineData("""{"contents":"hi"}""", "contents")]
    public void Bad_input_is_a_400_naming_the_field(string body, string param)
    {
        var exception = Assert.Throws<GodexException>(() => GeminiFixture.ReadRequest(body));
        Assert.Equal(400, exception.Error.Status);
        Assert.Equal(param, exception.Error.Param);
    }

    [Fact]
    public void Count_tokens_wrapper_is_read_as_the_request_it_wraps()
    {
        var request = GeminiFixture.ReadRequest("""{"generateContentRequest":{"model":"models/gemini-2.5-flash","contents":[{"role":"user","parts":[{"text":"count me"}]}]}}""");
        Assert.Equal("gemini-2.5-flash", request.Model);
        Assert.Equal("count me", request.Messages[0].JoinedText());
    }

    [Fact]
    public void Structured_non_string_function_response_stays_json()
    {
        var request = GeminiFixture.ReadRequest("""
            {"contents":[{"role":"model","parts":[{"functionCall":{"id":"c","name":"f","args":{}}}]},
                         {"role":"user","parts":[{"functionResponse":{"id":"c","name":"f","response":{"temp":21,"unit":"C"}}}]}]}
            """);

        var result = Assert.IsType<ToolResultPart>(request.Messages[1].Parts[0]);
        Fixture.JsonEqual("""{"temp":21,"unit":"C"}""", result.TextContent());
        Assert.False(result.IsError);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(result.TextContent()).RootElement.ValueKind);
    }
}
