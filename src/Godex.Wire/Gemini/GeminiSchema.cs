using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Tool and response schemas between Gemini and canonical JSON Schema. Gemini clients send either
/// its OpenAPI subset (`parameters`, `responseSchema`: upper-case types, `nullable`) or JSON Schema
/// (`parametersJsonSchema`, `responseJsonSchema`, where Gemini CLI still writes upper-case types);
/// the canonical form is plain JSON Schema. Towards Gemini, Godex always uses the JSON Schema fields
/// and changes only what Gemini documents as unsupported: a root `$schema`, and siblings beside `$ref`
/// ("If $ref is set on a sub-schema, no other properties, except for those starting as a $, may be set").
/// </summary>
public static class GeminiSchema
{
    private const int MaxRefExpansions = 256;

    private static readonly HashSet<string> SchemaValued = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems"];
    private static readonly HashSet<string> SchemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly HashSet<string> SchemaArrays = ["anyOf", "oneOf", "allOf", "prefixItems"];

    /// <summary>Gemini's schema dialects to canonical JSON Schema: lower-case types, `nullable` folded into `type`.</summary>
    public static JsonElement ToJsonSchema(JsonElement schema)
    {
        if (!NeedsCanonicalizing(schema))
        {
            return schema;
        }

        return Rewrite(schema, static (json, node) => WriteCanonical(json, node));
    }

    /// <summary>Canonical JSON Schema to what Gemini's `parametersJsonSchema` / `responseJsonSchema` accept.</summary>
    public static JsonElement ForGemini(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return schema;
        }

        if (!schema.EnumerateObject().Any())
        {
            return Rewrite(schema, static (json, _) => EmptyObjectSchema.Write(json));
        }

        if (!schema.TryGetProperty("$schema", out _) && !HasRefWithSiblings(schema) && !NeedsCanonicalizing(schema))
        {
            return schema;
        }

        return Rewrite(schema, (json, node) =>
        {
            var budget = MaxRefExpansions;
            WriteForGemini(json, node, schema, atRoot: true, [], ref budget);
        });
    }

    private static JsonElement Rewrite(JsonElement schema, Action<Utf8JsonWriter, JsonElement> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            write(json, schema);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static bool NeedsCanonicalizing(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.EnumerateObject().Any(static property =>
            property.Name == "nullable"
            || (property.Name == "type" && !IsCanonicalType(property.Value))
            || Subschemas(property).Any(NeedsCanonicalizing));

    /// <summary>The schemas a keyword holds: its value, the items of its array, or the values of its map.</summary>
    private static IEnumerable<JsonElement> Subschemas(JsonProperty property)
    {
        var value = property.Value;
        if (SchemaValued.Contains(property.Name) && value.ValueKind == JsonValueKind.Object)
        {
            return [value];
        }

        if ((SchemaArrays.Contains(property.Name) || property.Name == "items") && value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray();
        }

        return SchemaMaps.Contains(property.Name) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().Select(static entry => entry.Value)
            : [];
    }

    private static bool IsCanonicalType(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => IsLowerType(type.GetString()!),
        JsonValueKind.Array => type.EnumerateArray().All(static item => item.ValueKind != JsonValueKind.String || IsLowerType(item.GetString()!)),
        _ => true,
    };

    private static bool IsLowerType(string type) => type.Length > 0 && !type.Any(char.IsAsciiLetterUpper) && type != "type_unspecified";

    private static void WriteCanonical(Utf8JsonWriter json, JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            node.WriteTo(json);
            return;
        }

        var nullable = node.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True;
        json.WriteStartObject();
        foreach (var property in node.EnumerateObject())
        {
            switch (property.Name)
            {
                case "nullable":
                    // Folded into `type` below when there is a type to fold it into.
                    if (nullable && !node.TryGetProperty("type", out _))
                    {
                        property.WriteTo(json);
                    }

                    break;
                case "type":
                    WriteCanonicalType(json, property.Value, nullable);
                    break;
                default:
                    json.WritePropertyName(property.Name);
                    WriteChild(json, property.Name, property.Value, WriteCanonical);
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static void WriteCanonicalType(Utf8JsonWriter json, JsonElement type, bool nullable)
    {
        var names = new List<string>();
        if (type.ValueKind == JsonValueKind.String)
        {
            names.Add(type.GetString()!.ToLowerInvariant());
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                names.Add(item.ValueKind == JsonValueKind.String ? item.GetString()!.ToLowerInvariant() : item.GetRawText());
            }
        }
        else
        {
            json.WritePropertyName("type");
            type.WriteTo(json);
            return;
        }

        names.Remove("type_unspecified");
        if (nullable && !names.Contains("null"))
        {
            names.Add("null");
        }

        if (names.Count == 0)
        {
            return;
        }

        if (names.Count == 1)
        {
            json.WriteString("type", names[0]);
            return;
        }

        json.WriteStartArray("type");
        foreach (var name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
    }

    /// <summary>Writes a keyword's value, recursing through the keywords whose values are schemas.</summary>
    private static void WriteChild(Utf8JsonWriter json, string keyword, JsonElement value, Action<Utf8JsonWriter, JsonElement> writeSchema)
    {
        if (SchemaValued.Contains(keyword) && value.ValueKind == JsonValueKind.Object)
        {
            writeSchema(json, value);
        }
        else if ((SchemaArrays.Contains(keyword) || keyword == "items") && value.ValueKind == JsonValueKind.Array)
        {
            json.WriteStartArray();
            foreach (var item in value.EnumerateArray())
            {
                writeSchema(json, item);
            }

            json.WriteEndArray();
        }
        else if (SchemaMaps.Contains(keyword) && value.ValueKind == JsonValueKind.Object)
        {
            json.WriteStartObject();
            foreach (var entry in value.EnumerateObject())
            {
                json.WritePropertyName(entry.Name);
                writeSchema(json, entry.Value);
            }

            json.WriteEndObject();
        }
        else
        {
            value.WriteTo(json);
        }
    }

    private static bool HasRefWithSiblings(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object
        && ((node.TryGetProperty("$ref", out _) && node.EnumerateObject().Any(static p => !p.Name.StartsWith('$')))
            || node.EnumerateObject().Any(static property => Subschemas(property).Any(HasRefWithSiblings)));

    private static void WriteForGemini(Utf8JsonWriter json, JsonElement node, JsonElement root, bool atRoot, List<string> expanding, ref int budget)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            node.WriteTo(json);
            return;
        }

        // A $ref with siblings: inline its target (siblings win, as JSON Schema applies both), or,
        // when it cannot be resolved or recurses, keep only the reference.
        if (node.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String
            && node.EnumerateObject().Any(static p => !p.Name.StartsWith('$')))
        {
            var target = reference.GetString()!;
            if (budget > 0 && !expanding.Contains(target) && Resolve(root, target) is { ValueKind: JsonValueKind.Object } resolved)
            {
                budget--;
                expanding.Add(target);
                WriteMerged(json, resolved, node, root, expanding, ref budget);
                expanding.RemoveAt(expanding.Count - 1);
            }
            else
            {
                json.WriteStartObject();
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name.StartsWith('$'))
                    {
                        property.WriteTo(json);
                    }
                }

                json.WriteEndObject();
            }

            return;
        }

        json.WriteStartObject();
        foreach (var property in node.EnumerateObject())
        {
            WriteGeminiProperty(json, property, root, atRoot, expanding, ref budget);
        }

        json.WriteEndObject();
    }

    private static void WriteMerged(Utf8JsonWriter json, JsonElement target, JsonElement siblings, JsonElement root, List<string> expanding, ref int budget)
    {
        json.WriteStartObject();
        foreach (var property in target.EnumerateObject())
        {
            if (!siblings.TryGetProperty(property.Name, out _) && property.Name != "$ref")
            {
                WriteGeminiProperty(json, property, root, false, expanding, ref budget);
            }
        }

        foreach (var property in siblings.EnumerateObject())
        {
            if (property.Name != "$ref")
            {
                WriteGeminiProperty(json, property, root, false, expanding, ref budget);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteGeminiProperty(Utf8JsonWriter json, JsonProperty property, JsonElement root, bool atRoot, List<string> expanding, ref int budget)
    {
        if (atRoot && property.Name == "$schema")
        {
            return; // metadata Gemini does not list; it only costs tokens
        }

        if (property.Name == "type")
        {
            WriteCanonicalType(json, property.Value, nullable: false);
            return;
        }

        json.WritePropertyName(property.Name);
        var value = property.Value;
        if (SchemaValued.Contains(property.Name) && value.ValueKind == JsonValueKind.Object)
        {
            WriteForGemini(json, value, root, false, expanding, ref budget);
        }
        else if ((SchemaArrays.Contains(property.Name) || property.Name == "items") && value.ValueKind == JsonValueKind.Array)
        {
            json.WriteStartArray();
            foreach (var item in value.EnumerateArray())
            {
                WriteForGemini(json, item, root, false, expanding, ref budget);
            }

            json.WriteEndArray();
        }
        else if (SchemaMaps.Contains(property.Name) && value.ValueKind == JsonValueKind.Object)
        {
            json.WriteStartObject();
            foreach (var entry in value.EnumerateObject())
            {
                json.WritePropertyName(entry.Name);
                WriteForGemini(json, entry.Value, root, false, expanding, ref budget);
            }

            json.WriteEndObject();
        }
        else
        {
            value.WriteTo(json);
        }
    }

    /// <summary>Resolves a same-document JSON pointer (`#/$defs/Name`).</summary>
    private static JsonElement? Resolve(JsonElement root, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        var node = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var key = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(key, out node))
            {
                return null;
            }
        }

        return node;
    }
}
