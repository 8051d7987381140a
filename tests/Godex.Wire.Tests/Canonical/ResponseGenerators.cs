using System.Text.Json;

using FsCheck;
using FsCheck.Fluent;

namespace Godex.Wire.Tests.Canonical;

/// <summary>Finished answers for properties: any mix of text, reasoning (plain, signed, encrypted, redacted) and tool calls, with or without usage and extensions.</summary>
public static class ResponseGenerators
{
    private static readonly Gen<string> Text = ArbMap.Default.GeneratorFor<string>().Where(text => text is not null);

    private static readonly Gen<ExtensionBag?> Extensions =
        from value in Text
        from present in ArbMap.Default.GeneratorFor<bool>()
        select present ? new ExtensionBag("openai-chat", new Dictionary<string, JsonElement> { ["system_fingerprint"] = JsonSerializer.SerializeToElement(value) }) : null;

    private static readonly Gen<ContentPart> TextPart =
        from text in Text
        from extensions in Extensions
        select (ContentPart)new TextPart(text) { Extensions = extensions };

    private static readonly Gen<ContentPart> ReasoningPart =
        from redacted in ArbMap.Default.GeneratorFor<bool>()
        from text in Text
        from signature in Gen.OrNull(Text)
        from encrypted in Gen.OrNull(Text)
        from extensions in Extensions
        select (ContentPart)new ReasoningPart { Text = redacted ? "" : text, Redacted = redacted, Signature = signature, EncryptedContent = encrypted, Extensions = extensions };

    private static readonly Gen<ContentPart> ToolCallPart =
        from id in Text
        from name in Text
        from argument in Text
        from signature in Gen.OrNull(Text)
        select (ContentPart)new ToolCallPart(id, name, "{\"q\":" + JsonSerializer.Serialize(argument) + "}") { Signature = signature };

    private static readonly Gen<long> Count = Gen.Choose(0, int.MaxValue).Select(count => (long)count);

    private static readonly Gen<Usage?> Usage = Gen.OrNull(
        from input in Count
        from output in Count
        from cached in Count
        from written in Count
        from reasoning in Count
        from estimated in ArbMap.Default.GeneratorFor<bool>()
        select new Usage { InputTokens = input, OutputTokens = output, CachedInputTokens = cached, CacheWriteTokens = written, ReasoningTokens = reasoning, Estimated = estimated });

    public static Arbitrary<ChatResponse> Responses() => Arb.From(
        from id in Text
        from model in Text
        from seconds in Gen.Choose(0, int.MaxValue)
        from parts in Gen.ListOf(Gen.OneOf(TextPart, ReasoningPart, ToolCallPart))
        from finish in Gen.Elements(Enum.GetValues<FinishReason>())
        from usage in Usage
        from extensions in Extensions
        select new ChatResponse
        {
            Id = id,
            Model = model,
            Created = DateTimeOffset.FromUnixTimeSeconds(seconds),
            Parts = [.. parts],
            FinishReason = finish,
            Usage = usage,
            Extensions = extensions,
        });
}
