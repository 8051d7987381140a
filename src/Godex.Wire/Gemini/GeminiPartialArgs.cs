using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Assembles a function call's arguments from Vertex AI's streamed `partialArgs`: values addressed by
/// JSON path (`$.recipe.ingredients[0].name`), strings arriving in pieces while `willContinue` is true.
/// </summary>
internal sealed class GeminiPartialArgs
{
    private readonly JsonObject _root = [];
    private string? _continuingPath;

    /// <summary>Applies one piece; returns an error message when the path cannot be understood.</summary>
    public string? Apply(PartialArgDto piece)
    {
        if (piece.JsonPath is not { } path || !TryParse(path, out var segments))
        {
            return $"a partialArgs entry has an unsupported jsonPath '{piece.JsonPath}'";
        }

        JsonNode? value = piece.StringValue is { } text ? JsonValue.Create(text)
            : piece.NumberValue is { } number ? JsonValue.Create(number)
            : piece.BoolValue is { } flag ? JsonValue.Create(flag)
            : null;

        var (parent, key) = Walk(segments);
        var existing = Get(parent, key);
        if (piece.StringValue is { } more && _continuingPath == path && existing is JsonValue previous && previous.TryGetValue<string>(out var start))
        {
            value = JsonValue.Create(start + more);
        }

        Set(parent, key, value);
        _continuingPath = piece.WillContinue == true ? path : null;
        return null;
    }

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            _root.WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private (JsonNode Parent, object Key) Walk(List<object> segments)
    {
        JsonNode current = _root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var next = Get(current, segments[i]);
            if (next is null || (segments[i + 1] is int ? next is not JsonArray : next is not JsonObject))
            {
                next = segments[i + 1] is int ? new JsonArray() : new JsonObject();
                Set(current, segments[i], next);
            }

            current = next;
        }

        return (current, segments[^1]);
    }

    private static JsonNode? Get(JsonNode parent, object key) => (parent, key) switch
    {
        (JsonObject o, string name) => o[name],
        (JsonArray a, int index) when index < a.Count => a[index],
        _ => null,
    };

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        switch (parent, key)
        {
            case (JsonObject o, string name):
                o[name] = value;
                break;
            case (JsonArray a, int index):
                while (a.Count <= index)
                {
                    a.Add(null);
                }

                a[index] = value;
                break;
        }
    }

    /// <summary>Parses `$`, `.name`, `['name']` and `[0]` segments.</summary>
    private static bool TryParse(string path, out List<object> segments)
    {
        segments = [];
        if (!path.StartsWith('$'))
        {
            return false;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    return false;
                }

                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return false;
                }

                var inner = path[(i + 1)..close];
                if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    segments.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else
                {
                    return false;
                }

                i = close + 1;
            }
            else
            {
                return false;
            }
        }

        return segments.Count > 0;
    }
}
