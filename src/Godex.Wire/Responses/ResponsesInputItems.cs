using System.Text.Json;

namespace Godex.Wire.Responses;

/// <summary>Canonical messages as Responses input items (the shape `GET /v1/responses/{id}/input_items` lists).</summary>
public static class ResponsesInputItems
{
    /// <summary>Writes the items as a bare JSON array; tool calls take their type (function, custom, ...) from <paramref name="tools"/>.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<ChatMessage> messages, IReadOnlyList<ToolDefinition> tools) =>
        ResponsesInputWriter.WriteItems(json, messages, new ResponsesToolMap(tools));
}
