using Godex.Wire;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>What a cell is asked to carry: a plain answer, a tool call, or reasoning.</summary>
public enum Scenario
{
    Text,
    Tool,
    Reasoning,
}

/// <summary>
/// One recorded upstream answer: the fixture (a file, or one turn of a multi-turn stream) and the usage
/// the provider reported in it, in canonical terms (input incl. cached, output incl. reasoning), worked
/// out by hand from the raw recording so the suite does not trust the codec it is testing.
/// </summary>
public sealed record Recording(string Fixture, Usage Usage, int Turn = -1)
{
    public static Usage Tokens(long input, long output, long cached = 0, long reasoning = 0) =>
        new() { InputTokens = input, OutputTokens = output, CachedInputTokens = cached, ReasoningTokens = reasoning };

    /// <summary>The bytes the scripted upstream replays.</summary>
    public string Body() => Turn < 0
        ? Infrastructure.ScriptedUpstream.Fixture(Fixture)
        : Responses.ResponsesGateway.Turns(Fixture)[Turn];
}

/// <summary>The request every cell sends, in each client protocol's shape: a system prompt, a question and one function tool.</summary>
public static class Prompt
{
    public const string System = "You are a terse assistant.";
    public const string User = "What is the weather in San Francisco?";
    public const string ToolName = "weather";
    public const string ToolDescription = "Current weather for a place";
    public const string ToolResult = "{\"temperature\":18,\"condition\":\"foggy\"}";
    public const string FollowUp = "Thanks. And tomorrow?";
}
