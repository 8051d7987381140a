using System.Text.Json;

namespace Godex.Wire.Json;

/// <summary>Turns System.Text.Json's exceptions into messages a client can act on (no .NET type names).</summary>
public static class JsonErrors
{
    public static GodexError Describe(JsonException exception, string what = "Request body")
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var where = exception.LineNumber is { } line
            ? $" at {path} (line {line + 1}, column {exception.BytePositionInLine + 1})"
            : $" at {path}";
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            message = "a field has the wrong JSON type.";
        }

        return new GodexError(400, "bridge.invalid_json", $"{what} is not valid JSON{where}: {message}") { Param = path == "$" ? null : path.TrimStart('$', '.') };
    }
}
