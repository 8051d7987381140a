using System.Text.Json;

using Godex.Wire;

namespace Godex.Exec;

/// <summary>Parses `--tool NAME:json=FILE` and `--tool-output NAME=VALUE`.</summary>
internal static class ToolSpecs
{
    /// <summary>
    /// The schema file holds either the parameters schema itself, or an object with `parameters`
    /// (and optionally `description`), as in an OpenAI function definition.
    /// </summary>
    public static ToolDefinition ParseTool(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !spec.AsSpan(colon + 1).StartsWith("json=", StringComparison.Ordinal) || spec.Length == colon + 1 + "json=".Length)
        {
            throw new ExecUsageException($"--tool '{spec}' is not NAME:json=FILE (e.g. add:json=schemas/add.json).");
        }

        var name = spec[..colon];
        var file = spec[(colon + 1 + "json=".Length)..];
        if (!File.Exists(file))
        {
            throw new ExecUsageException($"--tool {name}: schema file '{file}' does not exist.");
        }

        JsonElement schema;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            schema = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new ExecUsageException($"--tool {name}: '{file}' is not valid JSON: {exception.Message}");
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ExecUsageException($"--tool {name}: '{file}' must hold a JSON object (a JSON Schema).");
        }

        if (schema.TryGetProperty("parameters", out var parameters))
        {
            if (parameters.ValueKind != JsonValueKind.Object)
            {
                throw new ExecUsageException($"--tool {name}: 'parameters' in '{file}' must be a JSON Schema object.");
            }

            return new ToolDefinition(name)
            {
                Description = schema.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String ? description.GetString() : null,
                Parameters = parameters,
            };
        }

        if (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != "object")
        {
            throw new ExecUsageException($"--tool {name}: the schema in '{file}' must describe an object (\"type\": \"object\").");
        }

        return new ToolDefinition(name) { Parameters = schema };
    }

    public static KeyValuePair<string, string> ParseOutput(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0
            ? throw new ExecUsageException($"--tool-output '{spec}' is not NAME=VALUE (e.g. add=5).")
            : new KeyValuePair<string, string>(spec[..equals], spec[(equals + 1)..]);
    }
}
