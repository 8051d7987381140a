using FsCheck;
using FsCheck.Fluent;

using Godex.Wire.Anthropic;
using Godex.Wire.Gemini;
using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Fuzz;

/// <summary>
/// The four upstream stream readers on the recorded provider streams: the same events however the
/// bytes are split (whole, byte by byte, at random), and a mutated stream ends in events or a provider
/// error, never another exception (which would reach the client as a 500 instead of a 502).
/// </summary>
public sealed class StreamReaderFuzzTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Recordings
    {
        get
        {
            var recordings = new TheoryData<string, string>();
            foreach (var family in (string[])["openai-chat", "responses", "anthropic", "gemini"])
            {
                foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", family), "*.sse").Order(StringComparer.Ordinal))
                {
                    recordings.Add(family, Path.GetFileName(file));
                }
            }

            return recordings;
        }
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_recorded_stream_gives_the_same_events_however_its_bytes_are_split(string family, string file)
    {
        var bytes = Recording(family, file);
        var whole = Read(family, bytes, [bytes.Length]);
        Assert.NotEmpty(whole);
        Assert.Equal(whole, Read(family, bytes, [1]));

        var splits = Gen.ArrayOf(Gen.Choose(1, 97)).Where(sizes => sizes.Length > 0);
        Prop.ForAll(splits.ToArbitrary(), sizes => Assert.Equal(whole, Read(family, bytes, sizes)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_mutated_stream_ends_in_events_or_a_provider_error(string family, string file)
    {
        var bytes = Recording(family, file);
        Prop.ForAll(Mutation.Some.ToArbitrary(), mutations =>
        {
            var mutated = bytes;
            foreach (var mutation in mutations)
            {
                mutated = mutation.Apply(mutated);
            }

            try
            {
                Read(family, mutated, [mutated.Length]);
            }
            catch (GodexException)
            {
                // The provider's answer was broken, and said so as a provider error.
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    private static byte[] Recording(string family, string file) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", family, file));

    /// <summary>The events, each as its record's text (what it carries, in order).</summary>
    private static List<string> Read(string family, byte[] bytes, int[] sizes)
    {
        using var body = new ChunkedStream(bytes, sizes);
        var events = family switch
        {
            "openai-chat" => OpenAIChatStreamReader.ReadAsync(body),
            "responses" => ResponsesStreamReader.ReadAsync(body),
            "anthropic" => AnthropicStreamReader.ReadAsync(body, new FixedClock()),
            _ => GeminiStreamReader.ReadAsync(body, Now),
        };
        return CollectAsync(events).GetAwaiter().GetResult();
    }

    private static async Task<List<string>> CollectAsync(IAsyncEnumerable<StreamEvent> events)
    {
        var collected = new List<string>();
        await foreach (var streamEvent in events)
        {
            collected.Add(streamEvent.ToString());
        }

        return collected;
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
