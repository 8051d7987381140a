using System.Runtime.CompilerServices;
using System.Text.Json;

using FsCheck.Xunit;

using Xunit;

namespace Godex.Wire.Tests.Canonical;

/// <summary>Unfolding an answer into events and folding them back (the one path whole answers take) loses nothing.</summary>
public sealed class FoldUnfoldTests
{
    [Property(Arbitrary = [typeof(ResponseGenerators)], MaxTest = 300)]
    public void Folding_the_unfolded_events_gives_back_the_response(ChatResponse response)
    {
        var answer = new ResponseAccumulator();
        foreach (var streamEvent in ResponseEvents.Unfold(response))
        {
            answer.Add(streamEvent);
        }

        Assert.True(answer.Finished);
        Assert.Null(answer.Error);
        SameResponse.Check(response, answer.ToResponse());
    }

    [Fact]
    public async Task FoldAsync_gives_back_an_answer_with_every_kind_of_part()
    {
        var fingerprint = new ExtensionBag("openai-chat", new Dictionary<string, JsonElement> { ["system_fingerprint"] = JsonSerializer.SerializeToElement("fp_1") });
        var itemId = new ExtensionBag("openai-responses", new Dictionary<string, JsonElement> { ["id"] = JsonSerializer.SerializeToElement("rs_1") });
        var response = new ChatResponse
        {
            Id = "resp_1",
            Model = "model-1",
            Created = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000),
            Parts =
            [
                new ReasoningPart { Text = "Thinking it over.", Signature = "sig-1", Extensions = itemId },
                new ReasoningPart { Redacted = true, EncryptedContent = "opaque-1" },
                new ReasoningPart { Text = "", EncryptedContent = "enc-2" },
                new TextPart("Calling the weather tool."),
                new ToolCallPart("call_1", "get_weather", """{"city":"Paris"}""") { Signature = "thought-1" },
            ],
            FinishReason = FinishReason.ToolCalls,
            Usage = new Usage { InputTokens = 12, OutputTokens = 34, CachedInputTokens = 5, CacheWriteTokens = 1, ReasoningTokens = 20 },
            Extensions = fingerprint,
        };

        var folded = await ResponseAccumulator.FoldAsync(Stream(ResponseEvents.Unfold(response)), CancellationToken.None);

        SameResponse.Check(response, folded);
    }

    [Fact]
    public async Task FoldAsync_throws_the_failure_a_stream_ends_with()
    {
        var failure = new GodexError(502, "provider.stream_failed", "the upstream broke off");
        StreamEvent[] events =
        [
            new ResponseStarted("resp_1", "model-1", DateTimeOffset.UnixEpoch),
            new PartStarted(0, PartKind.Text),
            new TextDelta(0, "Half an ans"),
            new ResponseFailed(failure),
            new ResponseFinished(FinishReason.Stop),
        ];
        var read = 0;

        var thrown = await Assert.ThrowsAsync<GodexException>(() => ResponseAccumulator.FoldAsync(Stream(events, () => read++), CancellationToken.None));

        Assert.Same(failure, thrown.Error);
        Assert.Equal(4, read); // nothing after the failure is read
    }

    private static async IAsyncEnumerable<StreamEvent> Stream(IEnumerable<StreamEvent> events, Action? onRead = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var streamEvent in events)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            onRead?.Invoke();
            yield return streamEvent;
        }
    }
}
