using System.Text.Json;

namespace Godex.Wire.Responses;

/// <summary>
/// What a Responses writer needs from the request's tools to write the calls it answers with: the item
/// type each tool's calls take (a call to a declared custom tool is a custom_tool_call whichever upstream
/// made it) and the namespace a flattened member belongs to.
/// </summary>
public sealed class ResponsesToolMap
{
    public static readonly ResponsesToolMap Empty = new([]);

    private readonly Dictionary<string, ToolDefinition> _tools = new(StringComparer.Ordinal);

    public ResponsesToolMap(IReadOnlyList<ToolDefinition> tools)
    {
        foreach (var tool in tools)
        {
            _tools.TryAdd(tool.Name, tool);
        }
    }

    /// <summary>The call item type for a call to <paramref name="name"/>: the part's own (same protocol) first, else the declared tool's.</summary>
    public string CallType(string name, ExtensionBag? partBag)
    {
        if (ResponsesJson.BagString(partBag, "type") is { } type && ResponsesCalls.IsCall(type))
        {
            return type;
        }

        return _tools.TryGetValue(name, out var tool) ? ResponsesCalls.ForKind(tool.Kind) : ResponsesCalls.Function;
    }

    /// <summary>The namespace a call belongs to (the part's own first, else the declared tool's), or null.</summary>
    public string? Namespace(string name, ExtensionBag? partBag)
    {
        if (ResponsesJson.BagString(partBag, "namespace") is { } space)
        {
            return space;
        }

        return _tools.TryGetValue(name, out var tool) && NamespaceOf(tool) is { } header ? ResponsesJson.String(header, "name") : null;
    }

    /// <summary>The name and namespace to write for a call to the canonical (flat) tool name.</summary>
    public (string Name, string? Namespace) WireName(string name, ExtensionBag? partBag) =>
        Namespace(name, partBag) is { } space ? (ResponsesProtocol.MemberName(space, name), space) : (name, null);

    /// <summary>The namespace header (name, description, ...) a flattened member tool carries, or null.</summary>
    internal static JsonElement? NamespaceOf(ToolDefinition tool) =>
        ResponsesJson.BagValue(tool.Extensions, "namespace") is { ValueKind: JsonValueKind.Object } header ? header : null;
}
