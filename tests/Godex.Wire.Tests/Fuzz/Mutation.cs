using System.Text;
using System.Text.Json.Nodes;

using FsCheck;
using FsCheck.Fluent;

namespace Godex.Wire.Tests.Fuzz;

/// <summary>
/// One change to a seed body: to its JSON structure (a value swapped for one of another shape or a
/// known troublemaker, a field dropped, an element repeated) or to its bytes (a flip, a cut, bytes
/// that are not UTF-8). Positions are taken modulo what the body has, so every mutation applies.
/// </summary>
public abstract record Mutation
{
    /// <summary>Values readers have tripped on: lone surrogates, NUL, huge and deep values, wrong shapes.</summary>
    private static readonly string[] Troublemakers =
    [
        "null", "0", "-1", "1.5", "1e999", "-0", "true", "\"\"", "\"x\"", "[]", "{}", "[null]", "[[]]", "{\"\":null}",
        "\"\\ud800\"", "\"\\udfff tail\"", "\"a\\ud83d\"", "\"\\u0000\"", "\"\\\\\"", "\"data:image/png;base64,!!!\"", "\"data:\"",
        "{\"type\":\"unknown\"}", "[{\"type\":\"unknown\"}]", "{\"text\":{}}", "{\"parts\":\"text\"}", "[{\"type\":\"text\"}]",
        "9223372036854775808", "2147483648", "\"" + new string('a', 70_000) + "\"",
        new string('[', 300) + new string(']', 300), string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300),
    ];

    private const string Placeholder = "\u0001godex-mutation\u0001";

    public abstract byte[] Apply(byte[] body);

    public static Gen<Mutation> Any { get; } = Gen.OneOf(
        Gen.Choose(0, int.MaxValue).SelectMany(at => Gen.Choose(0, Troublemakers.Length - 1), (at, value) => (Mutation)new ReplaceValue(at, Troublemakers[value])),
        Gen.Choose(0, int.MaxValue).Select(at => (Mutation)new DropValue(at)),
        Gen.Choose(0, int.MaxValue).Select(at => (Mutation)new RepeatElement(at)),
        Gen.Choose(0, int.MaxValue).SelectMany(at => Gen.Choose(0, 255), (at, value) => (Mutation)new SetByte(at, (byte)value)),
        Gen.Choose(0, int.MaxValue).Select(at => (Mutation)new Cut(at)),
        Gen.Choose(0, int.MaxValue).SelectMany(at => Gen.Elements<byte[]>([0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0x00]), (at, bytes) => (Mutation)new Insert(at, bytes)));

    /// <summary>One to three mutations in a row.</summary>
    public static Gen<Mutation[]> Some { get; } = Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(Any, count));

    /// <summary>The body's JSON values in document order (the root first), or none when it is not JSON.</summary>
    private static List<JsonNode?> Values(JsonNode root)
    {
        var values = new List<JsonNode?>();
        void Walk(JsonNode? node)
        {
            values.Add(node);
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        Walk(root);
        return values;
    }

    /// <summary>Parses the body, lets <paramref name="change"/> alter one of its values (not the root), and writes it back; unchanged when it is not JSON.</summary>
    private static byte[] Structural(byte[] body, int at, Func<JsonNode, string?> change)
    {
        try
        {
            // JsonNode reads strings lazily: bytes that are not UTF-8, or a lone surrogate, throw only when written.
            if (JsonNode.Parse(body) is not { } root)
            {
                return body;
            }

            var values = Values(root);
            if (values.Count < 2 || values[1 + (at % (values.Count - 1))] is not { } target || change(target) is not { } raw)
            {
                return Encoding.UTF8.GetBytes(root.ToJsonString());
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString().Replace(System.Text.Json.JsonSerializer.Serialize(Placeholder), raw, StringComparison.Ordinal));
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return body; // not JSON (or not text) any more: a byte mutation came first
        }
    }

    /// <summary>Puts the placeholder where <paramref name="target"/> was; the raw text replaces it after writing.</summary>
    private static void Swap(JsonNode target, JsonNode? with)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = with;
                break;
            case JsonArray parent:
                parent[target.GetElementIndex()] = with;
                break;
        }
    }

    public sealed record ReplaceValue(int At, string Raw) : Mutation
    {
        public override byte[] Apply(byte[] body) => Structural(body, At, target =>
        {
            Swap(target, JsonValue.Create(Placeholder));
            return Raw;
        });

        public override string ToString() => $"ReplaceValue({At}, {(Raw.Length > 40 ? Raw[..40] + "…" : Raw)})";
    }

    public sealed record DropValue(int At) : Mutation
    {
        public override byte[] Apply(byte[] body) => Structural(body, At, target =>
        {
            switch (target.Parent)
            {
                case JsonObject parent:
                    parent.Remove(target.GetPropertyName());
                    break;
                case JsonArray parent:
                    parent.RemoveAt(target.GetElementIndex());
                    break;
            }

            return null;
        });
    }

    public sealed record RepeatElement(int At) : Mutation
    {
        public override byte[] Apply(byte[] body) => Structural(body, At, target =>
        {
            if (target.Parent is JsonArray parent)
            {
                parent.Insert(target.GetElementIndex(), target.DeepClone());
            }

            return null;
        });
    }

    public sealed record SetByte(int At, byte Value) : Mutation
    {
        public override byte[] Apply(byte[] body)
        {
            var changed = (byte[])body.Clone();
            if (changed.Length > 0)
            {
                changed[At % changed.Length] = Value;
            }

            return changed;
        }
    }

    public sealed record Cut(int At) : Mutation
    {
        public override byte[] Apply(byte[] body) => body[..(body.Length == 0 ? 0 : At % body.Length)];
    }

    public sealed record Insert(int At, byte[] Bytes) : Mutation
    {
        public override byte[] Apply(byte[] body)
        {
            var at = At % (body.Length + 1);
            return [.. body[..at], .. Bytes, .. body[at..]];
        }

        public override string ToString() => $"Insert({At}, {Convert.ToHexString(Bytes)})";
    }
}
