namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>What the scripted model says in one turn: plain text, or one call of a tool the client offered.</summary>
public sealed record ModelAnswer(string? Text, string? ToolName = null, string? ToolArguments = null)
{
    public bool IsToolCall => ToolName is not null;

    public static ModelAnswer Say(string text) => new(text);

    public static ModelAnswer Call(string tool, string argumentsJson) => new(null, tool, argumentsJson);
}
