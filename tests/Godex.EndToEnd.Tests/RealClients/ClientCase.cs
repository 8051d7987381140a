namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>The three things every client must manage through Godex.</summary>
public enum ClientCase
{
    /// <summary>One plain turn: the model's text comes back.</summary>
    Text,

    /// <summary>One streamed turn (for the CLIs, which always stream, their event-stream output mode).</summary>
    Stream,

    /// <summary>The model asks for a harmless tool; the client runs it; the follow-up carries the result; the final answer arrives.</summary>
    Tool,
}
