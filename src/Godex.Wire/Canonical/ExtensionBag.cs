using System.Text.Json;

namespace Godex.Wire;

/// <summary>
/// Fields a protocol has and the canonical model does not, tagged with the protocol they came from,
/// so they are written back when the other side speaks the same protocol and dropped otherwise.
/// </summary>
public sealed class ExtensionBag
{
    public ExtensionBag(string protocol, IDictionary<string, JsonElement> fields)
    {
        Protocol = protocol;
        Fields = new Dictionary<string, JsonElement>(fields);
    }

    public string Protocol { get; }

    public IReadOnlyDictionary<string, JsonElement> Fields { get; }

    public static ExtensionBag? From(string protocol, IDictionary<string, JsonElement>? fields) =>
        fields is null || fields.Count == 0 ? null : new ExtensionBag(protocol, fields);

    /// <summary>The fields to write back when the target protocol matches, else null.</summary>
    public static Dictionary<string, JsonElement>? For(ExtensionBag? bag, string protocol) =>
        bag is not null && bag.Protocol == protocol ? new Dictionary<string, JsonElement>(bag.Fields) : null;
}
