using System.Text.Json;

namespace Godex.Wire;

/// <summary>
/// The JSON schema of a tool that takes no arguments, `{"type":"object","properties":{}}`: what upstreams
/// that require an object schema get for a tool declared without one (or with an empty one).
/// </summary>
public static class EmptyObjectSchema
{
    public static void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", "object");
        json.WriteStartObject("properties");
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
