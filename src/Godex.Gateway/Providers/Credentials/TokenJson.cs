using System.Text.Json;
using System.Text.Json.Nodes;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>Field access for token file layouts, failing with a message that names the field.</summary>
internal static class TokenJson
{
    public static JsonObject Object(JsonObject parent, string name, string path) =>
        parent[name] as JsonObject ?? throw new FormatException($"'{path}' is missing or not an object");

    public static string Text(JsonObject parent, string name, string path) =>
        OptionalText(parent, name, path) ?? throw new FormatException($"'{path}' is missing");

    public static string? OptionalText(JsonObject parent, string name, string path) => parent[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is { Length: > 0 } text ? text : null,
        _ => throw new FormatException($"'{path}' is not a string"),
    };

    /// <summary>Milliseconds since 1970 (JavaScript's Date.now()), as Claude Code and Gemini CLI store expiry.</summary>
    public static DateTimeOffset? OptionalMilliseconds(JsonObject parent, string name, string path) => parent[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<long>(out var ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms),
        JsonValue value when value.TryGetValue<double>(out var ms) => DateTimeOffset.FromUnixTimeMilliseconds((long)ms),
        _ => throw new FormatException($"'{path}' is not a number of milliseconds"),
    };
}
