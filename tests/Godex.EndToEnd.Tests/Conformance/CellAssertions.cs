using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Wire;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>
/// The checks every cell makes. What must never be lost (text, tool calls, finish reason, usage) fails
/// the test; what a client protocol may have no field for (reasoning text, opaque signatures) is
/// returned as a degradation, named, so the matrix documents it.
/// </summary>
public static class CellAssertions
{
    /// <summary>The upstream got its own protocol: the right path, its auth header, the model, and the prompt and tool translated.</summary>
    public static ChatRequest AssertUpstreamRequest(UpstreamFamily family, bool stream, ReceivedRequest received)
    {
        Assert.Equal("POST", received.Method);
        Assert.Equal(family.PathFor(stream), received.Path);
        Assert.Equal(family.AuthValue, received.Headers.GetValueOrDefault(family.AuthHeader));
        var request = family.ReadRequest(received.Body!);
        if (family.Name != UpstreamFamily.Gemini)
        {
            // Gemini carries the model in the path, checked above.
            Assert.Equal(family.Model, request.Model);
            Assert.Equal(stream, request.Stream);
        }

        var system = request.Instructions ?? string.Concat(request.Messages.Where(m => m.Role is ChatRole.System or ChatRole.Developer).Select(m => m.JoinedText()));
        Assert.Equal(Prompt.System, system);
        Assert.Equal(Prompt.User, request.Messages.First(m => m.Role == ChatRole.User).JoinedText());
        var tool = Assert.Single(request.Tools);
        Assert.Equal(Prompt.ToolName, tool.Name);
        Assert.Equal(Prompt.ToolDescription, tool.Description);
        var schema = JsonNode.Parse(tool.Parameters!.Value.GetRawText())!;
        Assert.Equal("string", ((string?)schema["properties"]!["location"]!["type"])?.ToLowerInvariant());
        return request;
    }

    /// <summary>Checks the client got what the upstream said; returns what it could not carry.</summary>
    public static List<string> AssertAnswer(ClientProtocol client, UpstreamFamily family, ChatResponse upstream, ChatResponse answer, Usage reported)
    {
        // The codec's reading of the recording must agree with the hand-worked usage, or the oracle is wrong.
        AssertUsage(reported, upstream.Usage);
        var degradations = new List<string>();
        if (client.Name == UpstreamFamily.Anthropic && reported.ReasoningTokens != 0)
        {
            // Anthropic's usage has no reasoning count; output_tokens still includes them.
            Assert.Equal(0, answer.Usage?.ReasoningTokens);
            AssertUsage(reported with { ReasoningTokens = 0 }, answer.Usage);
            degradations.Add("reasoning token count not carried: anthropic usage has no field for it (output_tokens includes it)");
        }
        else
        {
            AssertUsage(reported, answer.Usage);
        }

        Assert.Equal(upstream.JoinedText(), answer.JoinedText());
        AssertToolCalls(Calls(upstream), Calls(answer));

        // Gemini says STOP after a call; its readers (and clients) infer tool_calls from the functionCall parts.
        Assert.Equal(upstream.FinishReason, answer.FinishReason);

        var thought = Reasoning(upstream);
        var carried = Reasoning(answer);
        if (thought != carried)
        {
            Assert.True(carried.Length == 0, $"reasoning text altered: expected `{thought}`, got `{carried}`");
            degradations.Add("reasoning text dropped");
        }

        foreach (var (kind, value) in Opaque(upstream))
        {
            if (!Opaque(answer).Contains((kind, value)))
            {
                degradations.Add($"{Describe(family, kind)} not carried: {client.Name} has no field for it");
            }
        }

        return degradations;
    }

    public static void AssertUsage(Usage expected, Usage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.InputTokens, expected.OutputTokens, expected.CachedInputTokens, expected.ReasoningTokens),
            (actual.InputTokens, actual.OutputTokens, actual.CachedInputTokens, actual.ReasoningTokens));
    }

    public static List<ToolCallPart> Calls(ChatResponse response) => [.. response.Parts.OfType<ToolCallPart>()];

    public static void AssertToolCalls(List<ToolCallPart> expected, List<ToolCallPart> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want.Name, got.Name);
            Assert.Equal(want.Id, got.Id);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ToolArguments.Normalize(want.ArgumentsJson)), JsonNode.Parse(ToolArguments.Normalize(got.ArgumentsJson))), $"arguments differ: {want.ArgumentsJson} vs {got.ArgumentsJson}");
        }
    }

    private static string Reasoning(ChatResponse response) =>
        string.Concat(response.Parts.OfType<ReasoningPart>().Select(part => part.Text));

    /// <summary>Every opaque value the provider wants replayed: reasoning signatures, encrypted reasoning, call signatures.</summary>
    public static HashSet<(string Kind, string Value)> Opaque(ChatResponse response)
    {
        var values = new HashSet<(string, string)>();
        foreach (var part in response.Parts)
        {
            switch (part)
            {
                case ReasoningPart { Signature: { } signature }:
                    values.Add(("signature", signature));
                    break;
                case ToolCallPart { Signature: { } signature }:
                    values.Add(("call signature", signature));
                    break;
            }

            if (part is ReasoningPart { EncryptedContent: { } encrypted })
            {
                values.Add(("encrypted", encrypted));
            }

            // Gemini request readers keep a signed text part whole, its signature in the part's Gemini fields.
            if (part is not ToolCallPart && part.Extensions?.Fields.TryGetValue("thoughtSignature", out var kept) == true)
            {
                values.Add(("signature", kept.GetString()!));
            }
        }

        return values;
    }

    private static string Describe(UpstreamFamily family, string kind) => (family.Name, kind) switch
    {
        (UpstreamFamily.Anthropic, _) => "thinking signature",
        (UpstreamFamily.Gemini, "call signature") => "thoughtSignature on function calls",
        (UpstreamFamily.Gemini, _) => "thoughtSignature",
        (UpstreamFamily.Responses, _) => "encrypted reasoning (encrypted_content)",
        _ => kind,
    };
}
