using System.Text;
using System.Text.Json;

using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Anthropic;

/// <summary>The official Anthropic .NET SDK as the client: text, stream, a tool round trip and errors, through Godex.</summary>
public sealed class AnthropicSdkTests : IAsyncLifetime
{
    private AnthropicGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await AnthropicGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private global::Anthropic.AnthropicClient Client() => new(new ClientOptions
    {
        BaseUrl = _gateway.Godex.BaseUrl.ToString().TrimEnd('/'),
        ApiKey = UpstreamConfig.ClientKey,
        MaxRetries = 0,
    });

    [Fact]
    public async Task Sdk_text_message_through_the_mock()
    {
        using var client = Client();

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = "mock",
            MaxTokens = 100,
            Messages = [new MessageParam(new UserMessageParam(new MessageContentParam("Say hello", null)), null)],
        });

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Contains("Say hello", text!.Text, StringComparison.Ordinal);
        Assert.Equal(StopReason.EndTurn, (StopReason)message.StopReason!);
        Assert.True(message.Usage.OutputTokens > 0);
    }

    [Fact]
    public async Task Sdk_stream_from_an_anthropic_upstream_aggregates_to_the_recorded_text_and_usage()
    {
        var recorded = ScriptedUpstream.Fixture("anthropic/text.sse");
        _gateway.Upstream.ReplySse(recorded);
        using var client = Client();

        var streamed = new StringBuilder();
        var aggregator = new global::Anthropic.Helpers.MessageContentAggregator();
        await foreach (var update in client.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 100,
            Messages = [new MessageParam(new UserMessageParam(new MessageContentParam("Hello", null)), null)],
        }).CollectAsync(aggregator))
        {
            if (update.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var text))
            {
                streamed.Append(text!.Text);
            }
        }

        var message = aggregator.Message();
        Assert.Equal(AnthropicGateway.Text(AnthropicGateway.Events(recorded)), streamed.ToString());
        Assert.True(message.Content[0].TryPickText(out var block));
        Assert.Equal(streamed.ToString(), block!.Text);
        Assert.Equal((12, 30), (message.Usage.InputTokens, message.Usage.OutputTokens));
        Assert.Equal("msg_01QC4g3HwBThD4BaNtBckFDJ", message.ID);
    }

    [Fact]
    public async Task Sdk_tool_round_trip_with_the_mock_tool_loop()
    {
        using var client = Client();
        var tool = new Tool
        {
            Name = "add",
            Description = "Adds two numbers",
            InputSchema = new InputSchema
            {
                Properties = new Dictionary<string, JsonElement>
                {
                    ["a"] = JsonSerializer.SerializeToElement(new { type = "number" }),
                    ["b"] = JsonSerializer.SerializeToElement(new { type = "number" }),
                },
                Required = ["a", "b"],
            },
        };
        var user = new MessageParam(new UserMessageParam(new MessageContentParam("Call add(a=2,b=3)", null)), null);

        var first = await client.Messages.Create(new MessageCreateParams { Model = "mock-tool-loop", MaxTokens = 100, Tools = [new ToolUnion(tool, null)], Messages = [user] });

        Assert.Equal(StopReason.ToolUse, (StopReason)first.StopReason!);
        Assert.True(first.Content.Single().TryPickToolUse(out var call));
        Assert.Equal("add", call!.Name);
        Assert.Equal(5, call.Input["a"].GetDouble() + call.Input["b"].GetDouble());

        var assistant = new MessageParam(new AssistantMessageParam(new MessageContentParam(
            [new ContentBlockParam(new ToolUseBlockParam { ID = call.ID, Name = call.Name, Input = call.Input }, null)], null)), null);
        var result = new MessageParam(new UserMessageParam(new MessageContentParam(
            [new ContentBlockParam(new ToolResultBlockParam(call.ID) { Content = new ToolResultBlockParamContent("5", null) }, null)], null)), null);
        var second = await client.Messages.Create(new MessageCreateParams { Model = "mock-tool-loop", MaxTokens = 100, Tools = [new ToolUnion(tool, null)], Messages = [user, assistant, result] });

        Assert.Equal(StopReason.EndTurn, (StopReason)second.StopReason!);
        Assert.True(second.Content[0].TryPickText(out var answer));
        Assert.Equal("The tool add returned: 5", answer!.Text);
    }

    [Fact]
    public async Task Sdk_counts_tokens_and_raises_its_own_exceptions_by_status()
    {
        using var client = Client();
        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "mock",
            Messages = [new MessageParam(new UserMessageParam(new MessageContentParam("Count me", null)), null)],
        });
        Assert.True(count.InputTokens > 0);

        _gateway.Upstream.ReplyJson("""{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}""", 429, new Dictionary<string, string> { ["retry-after"] = "3" });
        var limited = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 10,
            Messages = [new MessageParam(new UserMessageParam(new MessageContentParam("hi", null)), null)],
        }));
        Assert.Contains("Slow down", limited.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => client.Messages.Create(new MessageCreateParams
        {
            Model = "mock/nope",
            MaxTokens = 10,
            Messages = [new MessageParam(new UserMessageParam(new MessageContentParam("hi", null)), null)],
        }));
    }
}
