using System.Text;

using Godex.Wire;

using static Godex.Gateway.Tests.Providers.MockRequests;

namespace Godex.Gateway.Tests.Providers;

public sealed class MockStreamTests
{
    [Fact]
    public async Task Text_streams_in_several_deltas_that_add_up_to_the_complete_answer()
    {
        var request = Ask("mock", "Tell me something long enough to split");
        var complete = await Provider().CompleteAsync(request, CancellationToken.None);

        var events = await CollectAsync(Provider().StreamAsync(request, CancellationToken.None));

        var deltas = events.OfType<TextDelta>().ToList();
        Assert.True(deltas.Count > 1, $"expected several deltas, got {deltas.Count}");
        Assert.Equal(complete.JoinedText(), string.Concat(deltas.Select(delta => delta.Text)));
        Assert.All(deltas, delta => Assert.Equal(0, delta.Index));
    }

    [Fact]
    public async Task Text_stream_events_come_in_protocol_order()
    {
        var events = await CollectAsync(Provider().StreamAsync(Ask("mock", "order please, in several words"), CancellationToken.None));

        var kinds = events.Select(streamEvent => streamEvent.GetType().Name).Where((name, i) => i == 0 || name != events[i - 1].GetType().Name);
        Assert.Equal(["ResponseStarted", "PartStarted", "TextDelta", "PartDone", "UsageReported", "ResponseFinished"], kinds);
        Assert.Equal(new PartStarted(0, PartKind.Text), events[1]);
        Assert.Equal(FinishReason.Stop, Assert.IsType<ResponseFinished>(events[^1]).Reason);
    }

    [Fact]
    public async Task Stream_reports_the_same_id_and_usage_as_complete()
    {
        var request = Ask("mock", "same as complete");
        var complete = await Provider().CompleteAsync(request, CancellationToken.None);

        var events = await CollectAsync(Provider().StreamAsync(request, CancellationToken.None));

        Assert.Equal(new ResponseStarted(complete.Id, "mock", Now), events[0]);
        Assert.Equal(complete.Usage, Assert.Single(events.OfType<UsageReported>()).Usage);
    }

    [Fact]
    public async Task Tool_call_streams_its_arguments_in_fragments()
    {
        var events = await CollectAsync(Provider().StreamAsync(Ask("mock-tool-call", "add(a=2,b=3)", "add"), CancellationToken.None));

        var started = Assert.Single(events.OfType<PartStarted>());
        Assert.Equal(PartKind.ToolCall, started.Kind);
        Assert.Equal("add", started.ToolName);
        Assert.Equal("call_mock_0_0", started.ToolCallId);
        var fragments = events.OfType<ToolArgumentsDelta>().ToList();
        Assert.Equal(2, fragments.Count);
        Assert.Equal("""{"a":2,"b":3}""", string.Concat(fragments.Select(fragment => fragment.Json)));
        Assert.Equal(FinishReason.ToolCalls, Assert.IsType<ResponseFinished>(events[^1]).Reason);
    }

    [Theory]
    [InlineData("""{"e":"😀😀😀"}""")]
    [InlineData("""{"ee":"😀😀😀😀"}""")]
    public async Task Tool_argument_fragments_never_split_a_surrogate_pair(string arguments)
    {
        var events = await CollectAsync(Provider().StreamAsync(Ask("mock", "mock:call emote " + arguments), CancellationToken.None));

        var fragments = events.OfType<ToolArgumentsDelta>().Select(fragment => fragment.Json).ToList();
        Assert.Equal(arguments, string.Concat(fragments));
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        Assert.All(fragments, fragment => strict.GetBytes(fragment));
    }

    [Fact]
    public async Task Stream_of_mock_error_throws_a_500_on_the_first_read()
    {
        var stream = Provider().StreamAsync(Ask("mock-error", "fail"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<GodexException>(() => CollectAsync(stream));

        Assert.Equal(500, error.Error.Status);
    }

    [Fact]
    public async Task Stream_of_an_unknown_model_throws_a_404_on_the_first_read()
    {
        var stream = Provider().StreamAsync(Ask("mock-large", "hi"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<GodexException>(() => CollectAsync(stream));

        Assert.Equal(404, error.Error.Status);
    }

    [Fact]
    public async Task Cancelled_stream_stops_with_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(Provider().StreamAsync(Ask("mock", "hi"), cancellation.Token)));
    }
}
