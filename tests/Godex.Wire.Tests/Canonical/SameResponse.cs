using System.Text.Json;

using Xunit;

namespace Godex.Wire.Tests.Canonical;

/// <summary>Asserts two answers carry the same content, field by field and part by part (records holding lists do not compare by value).</summary>
internal static class SameResponse
{
    public static void Check(ChatResponse expected, ChatResponse actual)
    {
        Assert.Equal((expected.Id, expected.Model, expected.Created, expected.FinishReason), (actual.Id, actual.Model, actual.Created, actual.FinishReason));
        Assert.Equal(expected.Usage, actual.Usage);
        Extensions(expected.Extensions, actual.Extensions);
        Assert.Equal(expected.Parts.Count, actual.Parts.Count);
        for (var i = 0; i < expected.Parts.Count; i++)
        {
            Part(expected.Parts[i], actual.Parts[i]);
        }
    }

    private static void Part(ContentPart expected, ContentPart actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Extensions(expected.Extensions, actual.Extensions);
        switch (expected)
        {
            case TextPart text:
                Assert.Equal(text.Text, ((TextPart)actual).Text);
                break;
            case ReasoningPart reasoning:
                var other = (ReasoningPart)actual;
                Assert.Equal((reasoning.Text, reasoning.Signature, reasoning.EncryptedContent, reasoning.Redacted), (other.Text, other.Signature, other.EncryptedContent, other.Redacted));
                break;
            case ToolCallPart call:
                var again = (ToolCallPart)actual;
                Assert.Equal((call.Id, call.Name, call.ArgumentsJson, call.Signature), (again.Id, again.Name, again.ArgumentsJson, again.Signature));
                break;
            default:
                Assert.Fail($"no comparison for {expected.GetType().Name}");
                break;
        }
    }

    private static void Extensions(ExtensionBag? expected, ExtensionBag? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Protocol, actual.Protocol);
        Assert.Equal(expected.Fields.Keys.Order(), actual.Fields.Keys.Order());
        foreach (var (name, value) in expected.Fields)
        {
            Assert.True(JsonElement.DeepEquals(value, actual.Fields[name]), name);
        }
    }
}
