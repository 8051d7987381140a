using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// One provider protocol as a real provider speaks it: how to read what a request asks for and how to
/// answer, in the shapes recorded from the real APIs (ids, usage, reasoning items, signatures).
/// </summary>
public interface IFamilyWire
{
    /// <summary>Path prefix every request to this family goes to.</summary>
    string PathPrefix { get; }

    bool IsStreaming(string path, JsonNode body);

    /// <summary>Names of the tools the request offers.</summary>
    IReadOnlyList<string> ToolNames(JsonNode body);

    /// <summary>Text of every tool result the request carries back.</summary>
    IReadOnlyList<string> ToolResults(JsonNode body);

    /// <summary>The 400 message the real API gives for this request, or null when it would accept it.</summary>
    string? Rejection(JsonNode body);

    string ErrorJson(string message);

    string Json(ModelAnswer answer, JsonNode body);

    string Sse(ModelAnswer answer, JsonNode body);
}
