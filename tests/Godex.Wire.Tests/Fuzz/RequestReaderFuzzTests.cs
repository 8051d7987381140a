using System.Buffers;

using FsCheck;
using FsCheck.Fluent;

using Godex.Wire.Anthropic;
using Godex.Wire.Gemini;
using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

using Xunit;

namespace Godex.Wire.Tests.Fuzz;

/// <summary>
/// Mutated client bodies, for each of the four request readers: a body is either read, or refused
/// with a 4xx in the protocol's terms, never anything else (which a front door would answer with a
/// 500). A body that is read must then be writable for every upstream protocol, or refused the same way.
/// </summary>
public sealed class RequestReaderFuzzTests
{
    private const int Cases = 1500;

    public static TheoryData<string> Protocols => ["openai-chat", "openai-responses", "anthropic", "gemini"];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void A_mutated_body_is_read_or_refused_with_a_4xx_and_what_is_read_can_be_written_for_every_upstream(string protocol)
    {
        var seeds = RequestSeeds.For(protocol);
        Prop.ForAll(MutatedBody.Of(seeds).ToArbitrary(), body =>
        {
            var bytes = body.Apply(seeds);
            if (Refused(() => Read(protocol, bytes), out var request))
            {
                return;
            }

            foreach (var upstream in Protocols)
            {
                Refused(() => Write(upstream, request!), out _);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Every_seed_is_read_as_it_is(string protocol)
    {
        foreach (var seed in RequestSeeds.For(protocol))
        {
            Assert.NotNull(Read(protocol, System.Text.Encoding.UTF8.GetBytes(seed)));
        }
    }

    /// <summary>True when <paramref name="action"/> refused with a 4xx; any other exception fails the property.</summary>
    private static bool Refused<T>(Func<T> action, out T? result)
    {
        try
        {
            result = action();
            return false;
        }
        catch (GodexException refused) when (refused.Error.Status is >= 400 and < 500)
        {
            result = default;
            return true;
        }
    }


    private static ChatRequest Read(string protocol, byte[] body)
    {
        using var stream = new MemoryStream(body);
        var reading = protocol switch
        {
            "openai-chat" => OpenAIChatRequestReader.ReadAsync(stream, CancellationToken.None),
            "openai-responses" => ResponsesRequestReader.ReadAsync(stream, CancellationToken.None),
            "anthropic" => AnthropicRequestReader.ReadAsync(stream, CancellationToken.None),
            _ => GeminiRequestReader.ReadAsync(stream, CancellationToken.None),
        };
        return reading.AsTask().GetAwaiter().GetResult();
    }

    private static int Write(string protocol, ChatRequest request)
    {
        var output = new ArrayBufferWriter<byte>();
        switch (protocol)
        {
            case "openai-chat":
                OpenAIChatRequestWriter.Write(output, request, OpenAIChatWriterOptions.Default);
                break;
            case "openai-responses":
                ResponsesRequestWriter.Write(output, request);
                break;
            case "anthropic":
                AnthropicRequestWriter.Write(output, request, AnthropicWriterOptions.Default);
                break;
            default:
                GeminiRequestWriter.Write(output, request);
                break;
        }

        return output.WrittenCount;
    }
}
