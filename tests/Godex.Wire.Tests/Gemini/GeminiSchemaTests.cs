using System.Text.Json;

using Godex.Wire.Gemini;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>Schemas between Gemini's dialects and canonical JSON Schema.</summary>
public class GeminiSchemaTests
{
    [Fact]
    public void Openapi_subset_becomes_json_schema_without_touching_property_names()
    {
        var schema = Parse("""{"type":"OBJECT","properties":{"type":{"type":"STRING","enum":["A","B"]},"nullable":{"type":"NUMBER","nullable":true}},"required":["type"],"propertyOrdering":["type","nullable"]}""");

        Fixture.JsonEqual(
            """{"type":"object","properties":{"type":{"type":"string","enum":["A","B"]},"nullable":{"type":["number","null"]}},"required":["type"],"propertyOrdering":["type","nullable"]}""",
            GeminiSchema.ToJsonSchema(schema).GetRawText());
    }

    [Fact]
    public void Upper_case_types_deep_inside_maps_and_arrays_are_found()
    {
        var schema = Parse("""{"type":"object","properties":{"list":{"type":"array","items":{"anyOf":[{"type":"STRING"},{"type":"object","properties":{"x":{"type":"BOOLEAN"}}}]}}}}""");

        Fixture.JsonEqual(
            """{"type":"object","properties":{"list":{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"object","properties":{"x":{"type":"boolean"}}}]}}}}""",
            GeminiSchema.ToJsonSchema(schema).GetRawText());
    }

    [Fact]
    public void Canonical_schema_is_returned_as_is()
    {
        var schema = Parse("""{"type":"object","properties":{"a":{"type":["string","null"]}}}""");
        Assert.Equal(schema.GetRawText(), GeminiSchema.ToJsonSchema(schema).GetRawText());
        Assert.Equal(schema.GetRawText(), GeminiSchema.ForGemini(schema).GetRawText());
    }

    [Fact]
    public void Ref_with_siblings_is_inlined_and_root_schema_keyword_dropped_for_gemini()
    {
        var schema = Parse("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"home":{"$ref":"#/$defs/Address","description":"Where they live"},"work":{"$ref":"#/$defs/Address"}},
             "$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}},"description":"An address"}}}
            """);

        Fixture.JsonEqual("""
            {"type":"object",
             "properties":{"home":{"type":"object","properties":{"city":{"type":"string"}},"description":"Where they live"},"work":{"$ref":"#/$defs/Address"}},
             "$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}},"description":"An address"}}}
            """, GeminiSchema.ForGemini(schema).GetRawText());
    }

    [Fact]
    public void Recursive_ref_with_siblings_keeps_only_the_reference()
    {
        var schema = Parse("""{"type":"object","properties":{"child":{"$ref":"#","description":"same shape"}}}""");
        Fixture.JsonEqual("""{"type":"object","properties":{"child":{"$ref":"#"}}}""", GeminiSchema.ForGemini(schema).GetRawText());
    }

    [Fact]
    public void Empty_schema_becomes_an_empty_object_schema()
    {
        Fixture.JsonEqual("""{"type":"object","properties":{}}""", GeminiSchema.ForGemini(Parse("{}")).GetRawText());
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
