using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using OpenAI;
using OpenAI.Chat;

namespace Godex.EndToEnd.Tests;

/// <summary>The official OpenAI .NET SDK as the client: text, stream and a tool round trip, through Godex.</summary>
public sealed class OpenAISdkTests : IAsyncLifetime
{
    private UpstreamGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await UpstreamGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private ChatClient Client(string model) =>
        new(model, new ApiKeyCredential(UpstreamConfig.ClientKey), new OpenAIClientOptions { Endpoint = new Uri(_gateway.Godex.BaseUrl, "/v1") });

    [Fact]
    public async Task Sdk_text_completion_through_the_mock()
    {
        ChatCompletion completion = await Client("mock").CompleteChatAsync([new UserChatMessage("Say hello")]);

        Assert.Contains("Say hello", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Sdk_streaming_through_the_upstream_gets_text_and_usage()
    {
        _gateway.Upstream.ReplySse(ScriptedUpstream.Fixture("openai-chat/openai-text.sse"));

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Client("fast").CompleteChatStreamingAsync([new UserChatMessage("Invent a holiday")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        var expected = string.Concat(Sse.Chunks(ScriptedUpstream.Fixture("openai-chat/openai-text.sse"))
            .Where(chunk => chunk["choices"]!.AsArray().Count > 0)
            .Select(chunk => (string?)chunk["choices"]![0]!["delta"]!["content"]));
        Assert.Equal(expected, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal("llama-3.3-70b", (string?)_gateway.Upstream.Single().Body!["model"]);
    }

    [Fact]
    public async Task Sdk_tool_round_trip_with_the_mock_tool_loop()
    {
        var client = Client("mock-tool-loop");
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("add", "Adds two numbers", BinaryData.FromString("""{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""")) },
        };
        List<ChatMessage> messages = [new UserChatMessage("Call add(a=2,b=3)")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("add", call.FunctionName);
        var arguments = JsonNode.Parse(call.FunctionArguments.ToString())!;
        Assert.Equal(5, (double)arguments["a"]! + (double)arguments["b"]!);

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "5"));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Contains("5", second.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_streamed_tool_call_is_assembled_by_the_sdk()
    {
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather by city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) },
        };
        var name = "";
        var id = "";
        var arguments = new StringBuilder();
        await foreach (var update in Client("mock-tool-call").CompleteChatStreamingAsync([new UserChatMessage("get_weather(city=Paris)")], options))
        {
            foreach (var piece in update.ToolCallUpdates)
            {
                name += piece.FunctionName;
                id += piece.ToolCallId;
                arguments.Append(piece.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal("get_weather", name);
        Assert.StartsWith("call_", id, StringComparison.Ordinal);
        Assert.Equal("Paris", (string?)JsonNode.Parse(arguments.ToString())!["city"]);
    }

    [Fact]
    public async Task Sdk_raises_its_own_exception_with_the_status_for_errors()
    {
        var exception = await Assert.ThrowsAsync<ClientResultException>(() => Client("mock-error").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(500, exception.Status);

        var notFound = await Assert.ThrowsAsync<ClientResultException>(() => Client("mock/nope").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, notFound.Status);
    }
}
