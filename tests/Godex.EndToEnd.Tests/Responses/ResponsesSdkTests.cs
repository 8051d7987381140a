using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using OpenAI.Responses;

#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>The official OpenAI .NET SDK's Responses client through Godex: text, streams and a tool round trip.</summary>
public sealed class ResponsesSdkTests : IAsyncLifetime
{
    private ResponsesGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ResponsesGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private ResponsesClient Client() =>
        new(new ApiKeyCredential(UpstreamConfig.ClientKey), new ResponsesClientOptions { Endpoint = new Uri(_gateway.Godex.BaseUrl, "/v1") });

    [Fact]
    public async Task Sdk_text_response_through_the_mock()
    {
        ResponseResult result = await Client().CreateResponseAsync(new CreateResponseOptions("mock", [ResponseItem.CreateUserMessageItem("Say hello")]) { Instructions = "Be brief.", MaxOutputTokenCount = 100 });

        Assert.Contains("Say hello", result.GetOutputText(), StringComparison.Ordinal);
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.StartsWith("resp_", result.Id, StringComparison.Ordinal);
        Assert.True(result.Usage.OutputTokenCount > 0);
        Assert.Equal(result.Usage.InputTokenCount + result.Usage.OutputTokenCount, result.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Sdk_stream_from_a_responses_upstream_gets_the_recorded_text_and_usage()
    {
        _gateway.Upstream.ReplySse(ResponsesGateway.Turns("responses/reasoning-encrypted.sse")[3]);

        var text = new StringBuilder();
        ResponseResult? completed = null;
        var options = new CreateResponseOptions("gpt-5.1-codex-max", [ResponseItem.CreateUserMessageItem("What is (12 + 7) * 3 * 10?")]) { StoredOutputEnabled = false, StreamingEnabled = true };
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal("The final result is **570**.", text.ToString());
        Assert.NotNull(completed);
        Assert.Equal("The final result is **570**.", completed.GetOutputText());
        Assert.Equal((299, 12), (completed.Usage.InputTokenCount, completed.Usage.OutputTokenCount));
        Assert.True((bool)_gateway.Upstream.Single().Body!["stream"]!);
    }

    [Fact]
    public async Task Sdk_stream_from_a_chat_upstream_gets_reasoning_and_the_function_call()
    {
        _gateway.Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/deepseek-tool-call.sse"));

        var options = new CreateResponseOptions("deepseek-reasoner", [ResponseItem.CreateUserMessageItem("Weather in San Francisco?")])
        {
            StreamingEnabled = true,
            Tools = { ResponseTool.CreateFunctionTool("weather", BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}}}"""), strictModeEnabled: false) },
        };
        var items = new List<ResponseItem>();
        string? arguments = null;
        ResponseResult? completed = null;
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputItemDoneUpdate done:
                    items.Add(done.Item);
                    break;
                case StreamingResponseFunctionCallArgumentsDoneUpdate args:
                    arguments = args.FunctionArguments.ToString();
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.IsType<ReasoningResponseItem>(items[0]);
        var call = Assert.IsType<FunctionCallResponseItem>(items[1]);
        Assert.Equal(("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", "weather"), (call.CallId, call.FunctionName));
        Assert.Equal("San Francisco", (string?)JsonNode.Parse(call.FunctionArguments.ToString())!["location"]);
        Assert.Equal(call.FunctionArguments.ToString(), arguments);
        Assert.Equal((339, 83, 320, 39), (completed!.Usage.InputTokenCount, completed.Usage.OutputTokenCount, completed.Usage.InputTokenDetails.CachedTokenCount, completed.Usage.OutputTokenDetails.ReasoningTokenCount));
    }

    [Fact]
    public async Task Sdk_stream_that_fails_upstream_ends_with_the_upstreams_error()
    {
        _gateway.Upstream.ReplySse(ScriptedUpstream.Fixture("responses/error.sse"));

        var updates = new List<StreamingResponseUpdate>();
        var options = new CreateResponseOptions("gpt-5-nano", [ResponseItem.CreateUserMessageItem("hi")]) { StreamingEnabled = true };
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            updates.Add(update);
        }

        var error = Assert.Single(updates.OfType<StreamingResponseErrorUpdate>());
        Assert.Equal("insufficient_quota", error.Code);
        Assert.StartsWith("You exceeded your current quota", error.Message, StringComparison.Ordinal);
        var failed = Assert.IsType<StreamingResponseFailedUpdate>(updates[^1]);
        Assert.Equal(ResponseStatus.Failed, failed.Response.Status);
        Assert.Equal("insufficient_quota", failed.Response.Error.Code.ToString());
    }

    [Fact]
    public async Task Sdk_tool_round_trip_with_the_mock_tool_loop()
    {
        var client = Client();
        var tool = ResponseTool.CreateFunctionTool("add", BinaryData.FromString("""{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}"""), strictModeEnabled: false, functionDescription: "Adds two numbers");
        var question = ResponseItem.CreateUserMessageItem("Call add(a=2, b=3)");

        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("mock-tool-loop", [question]) { Tools = { tool } });

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("add", call.FunctionName);
        var arguments = JsonNode.Parse(call.FunctionArguments.ToString())!;
        Assert.Equal((2, 3), ((int)arguments["a"]!, (int)arguments["b"]!));

        ResponseResult second = await client.CreateResponseAsync(new CreateResponseOptions("mock-tool-loop", [question, call, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "5")]) { Tools = { tool } });

        Assert.Equal("The tool add returned: 5", second.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, second.Status);
    }
}
