using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Godex.Wire.Json;

/// <summary>
/// Refuses a JSON body whose strings are not Unicode: bytes that are not UTF-8, or a `\uD800`-style
/// escape of a lone UTF-16 surrogate. JSON's grammar admits the escape, but no UTF-8 string can hold
/// it, so System.Text.Json throws wherever it is read or written and an upstream would refuse it too
/// (Anthropic answers "no low surrogate in string"). Replacing it with U+FFFD would change a client's
/// text (tool arguments, code) without telling them, so one pass over the body, before any reader
/// looks at it, turns it into a 400 naming the field. The same pass refuses a number too large for a
/// double (`1e999`): read, it becomes infinity, which no JSON writer can send on.
/// </summary>
public static class JsonText
{
    public static void EnsureRepresentable(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        var path = new JsonPathTracker();
        Span<byte> small = stackalloc byte[256];
        try
        {
            while (reader.Read())
            {
                path.Observe(ref reader);
                if (reader.TokenType == JsonTokenType.Number)
                {
                    if (reader.TryGetDouble(out var number) && !double.IsFinite(number))
                    {
                        throw Refuse("is a number too large to represent (past about 1.8e308)", path.Describe(json, atName: false));
                    }

                    continue;
                }

                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                if (!reader.ValueIsEscaped)
                {
                    if (!Utf8.IsValid(reader.ValueSpan))
                    {
                        throw Refuse("holds invalid UTF-8 bytes; the body must be UTF-8 encoded", path.Describe(json, reader.TokenType == JsonTokenType.PropertyName));
                    }

                    continue;
                }

                var unescaped = reader.ValueSpan.Length <= small.Length ? small : new byte[reader.ValueSpan.Length];
                int written;
                try
                {
                    written = reader.CopyString(unescaped);
                }
                catch (InvalidOperationException)
                {
                    throw Refuse("holds a lone UTF-16 surrogate escape (such as \\ud800 without its pair), which is not Unicode text; send the pair or drop the half character", path.Describe(json, reader.TokenType == JsonTokenType.PropertyName));
                }

                if (!Utf8.IsValid(unescaped[..written]))
                {
                    throw Refuse("holds invalid UTF-8 bytes; the body must be UTF-8 encoded", path.Describe(json, reader.TokenType == JsonTokenType.PropertyName));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the protocol's reader says where, in its own words.
        }
    }

    private static GodexException Refuse(string what, string path) =>
        new(new GodexError(400, "bridge.invalid_text", $"Request body text at {(path.Length == 0 ? "$" : path)} {what}.") { Param = path.Length == 0 ? null : path });

    /// <summary>Where the reader is, as `messages[0].content`; names are kept as offsets and decoded only for an error.</summary>
    private sealed class JsonPathTracker
    {
        private readonly List<Frame> _frames = [];

        public void Observe(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Advance();
                    _frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, 0, 0));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _frames.RemoveAt(_frames.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    _frames[^1] = _frames[^1] with { NameStart = (int)reader.TokenStartIndex + 1, NameLength = reader.ValueSpan.Length };
                    break;
                default:
                    Advance();
                    break;
            }
        }

        private void Advance()
        {
            if (_frames.Count > 0 && _frames[^1].IsArray)
            {
                _frames[^1] = _frames[^1] with { Index = _frames[^1].Index + 1 };
            }
        }

        public string Describe(ReadOnlySpan<byte> json, bool atName)
        {
            var text = new StringBuilder();
            for (var i = 0; i < _frames.Count; i++)
            {
                var frame = _frames[i];
                if (frame.IsArray)
                {
                    text.Append('[').Append(frame.Index).Append(']');
                }
                else if (frame.NameLength > 0 && !(atName && i == _frames.Count - 1))
                {
                    if (text.Length > 0)
                    {
                        text.Append('.');
                    }

                    // Lossy on purpose: the name itself may be the bad text.
                    text.Append(Encoding.UTF8.GetString(json.Slice(frame.NameStart, frame.NameLength)));
                }
            }

            return text.ToString();
        }

        private readonly record struct Frame(bool IsArray, int Index, int NameStart, int NameLength);
    }
}
