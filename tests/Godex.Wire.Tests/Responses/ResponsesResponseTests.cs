using System.Text;
using System.Text.Json;

using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Responses;

/// <summary>ResponsesResponseReader on recorded response objects, and ResponsesResponseWriter writing them back.</summary>
public class ResponsesResponseTests
{
    [Fact]
    public void Encrypted_reasoning_response_reads_reasoning_then_text_with_usage()
    {
        var response = ResponsesResponseReader.Read(ResponsesFixture.Bytes("reasoning-encrypted.json"));

        Assert.Equal("resp_0f35ed53160b395301693cc957829881909359e7f80cdd20b5", response.Id);
        Assert.Equal("gpt-5-mini-2025-08-07", response.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1765591383), response.Created);
        var reasoning = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.StartsWith("**Reporting final result**", reasoning.Text, StringComparison.Ordinal);
        Assert.StartsWith("gAAAAABpPMlcH0HHEv5_", reasoning.EncryptedContent, StringComparison.Ordinal);
        Assert.Equal("rs_0f35ed53160b395301693cc95817ac8190b978637daea4987e", reasoning.Extensions!.Fields["id"].GetString());
        Assert.Equal("12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570", Assert.IsType<TextPart>(response.Parts[1]).Text);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 865, OutputTokens = 163, ReasoningTokens = 128 }, response.Usage);
        Assert.Equal("default", response.Extensions!.Fields["service_tier"].GetString());
    }

    [Fact]
    public void Apply_patch_response_reads_a_tool_call_with_the_operation_as_arguments()
    {
        var response = ResponsesResponseReader.Read(ResponsesFixture.Bytes("apply-patch-tool.json"));

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal(("call_CdXiGtcRl49Q6Ek20tG9lYOr", "apply_patch"), (call.Id, call.Name));
        using var operation = JsonDocument.Parse(call.ArgumentsJson);
        Assert.Equal("create_file", operation.RootElement.GetProperty("type").GetString());
        Assert.Equal("shopping-checklist.md", operation.RootElement.GetProperty("path").GetString());
        Assert.StartsWith("+## Shopping Checklist", operation.RootElement.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Equal("apply_patch_call", call.Extensions!.Fields["type"].GetString());
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 642, OutputTokens = 67 }, response.Usage);
    }

    [Fact]
    public void Function_call_response_reads_the_call()
    {
        var response = ResponsesResponseReader.Read(ResponsesFixture.Bytes("parallel-tool-calls.json"));

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal(("call_parallel", "parallel"), (call.Id, call.Name));
        Assert.StartsWith("{\"tool_uses\":[", call.ArgumentsJson, StringComparison.Ordinal);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public void Error_body_reads_as_the_upstreams_error_in_the_shared_openai_shape()
    {
        var error = ResponsesErrors.Read(429, ResponsesFixture.Bytes("error.json"), "openai");

        Assert.Equal(429, error.Status);
        Assert.Equal("insufficient_quota", error.UpstreamCode);
        Assert.Equal("insufficient_quota", error.UpstreamType);
        Assert.StartsWith("You exceeded your current quota", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reasoning-encrypted.json")]
    [InlineData("apply-patch-tool.json")]
    [InlineData("parallel-tool-calls.json")]
    public void Recorded_response_written_back_keeps_items_ids_and_usage(string name)
    {
        var original = JsonDocument.Parse(ResponsesFixture.Bytes(name)).RootElement;
        var response = ResponsesResponseReader.Read(ResponsesFixture.Bytes(name));

        var written = JsonDocument.Parse(ResponsesFixture.WriteResponse(response)).RootElement;

        Assert.Equal(original.GetProperty("id").GetString(), written.GetProperty("id").GetString());
        Assert.Equal("response", written.GetProperty("object").GetString());
        Assert.Equal("completed", written.GetProperty("status").GetString());
        Fixture.JsonEqual(original.GetProperty("usage").GetRawText(), written.GetProperty("usage").GetRawText());
        Fixture.JsonEqual(original.GetProperty("output").GetRawText(), written.GetProperty("output").GetRawText());
        var again = ResponsesResponseReader.Read(Encoding.UTF8.GetBytes(written.GetRawText()));
        Assert.Equal(response.Parts.Count, again.Parts.Count);
        Assert.Equal(response.FinishReason, again.FinishReason);
    }

    [Fact]
    public void Chat_response_becomes_a_response_object_with_generated_ids_output_text_and_usage()
    {
        var chat = OpenAIChatResponseReader.Read(Fixture.Bytes("deepseek-tool-call.json"));
        var request = new ChatRequest { Model = "deepseek-reasoner", Instructions = "Be brief.", MaxOutputTokens = 50, Tools = [new ToolDefinition("weather")] };

        var written = JsonDocument.Parse(ResponsesFixture.WriteResponse(chat, request)).RootElement;

        Assert.StartsWith("resp_", written.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("Be brief.", written.GetProperty("instructions").GetString());
        Assert.Equal(50, written.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("weather", written.GetProperty("tools")[0].GetProperty("name").GetString());
        var output = written.GetProperty("output");
        Assert.Equal(["reasoning", "function_call"], output.EnumerateArray().Select(static item => item.GetProperty("type").GetString()));
        Assert.StartsWith("rs_", output[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("The user is asking", output[0].GetProperty("summary")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("fc_", output[1].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("call_00_9V0vrf86Pc9aelHCJMZqnJBo", output[1].GetProperty("call_id").GetString());
        Assert.Equal("completed", output[1].GetProperty("status").GetString());
        Assert.Equal("", written.GetProperty("output_text").GetString());
        var usage = written.GetProperty("usage");
        Assert.Equal(339, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(320, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(48, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(431, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public void Length_finish_is_an_incomplete_response_naming_max_output_tokens()
    {
        var response = new ChatResponse { Id = "chatcmpl-1", Model = "m", Parts = [new TextPart("Half")], FinishReason = FinishReason.Length };

        var written = JsonDocument.Parse(ResponsesFixture.WriteResponse(response)).RootElement;

        Assert.Equal("incomplete", written.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", written.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("incomplete", written.GetProperty("output")[0].GetProperty("status").GetString());
        Assert.Equal("Half", written.GetProperty("output_text").GetString());
    }

    [Fact]
    public void Failed_response_from_the_upstream_is_an_error_not_an_answer()
    {
        var exception = Assert.Throws<GodexException>(() => ResponsesResponseReader.Read("""
            {"id":"resp_1","object":"response","status":"failed","error":{"code":"server_error","message":"Boom"},"output":[]}
            """u8));

        Assert.Equal(502, exception.Error.Status);
        Assert.Equal("Boom", exception.Error.Message);
        Assert.Equal("server_error", exception.Error.UpstreamCode);
    }
}
