using System.Globalization;

using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>The `fault` mapping of a provider: failures to inject, checked here so a typo is not a silent no-op.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] FaultKeys = ["p_error", "status", "reset_after_events", "delay_ms", "malformed", "error_in_200", "seed"];

    private FaultConfig? ReadFault(YamlMappingNode provider, string parent)
    {
        if (Child(provider, "fault") is not { } node)
        {
            return null;
        }

        var path = parent + ".fault";
        var map = Mapping(node, path);
        CheckKeys(map, FaultKeys, path + ".");
        var status = NonNegativeInt(map, "status", path);
        if (status is not null and not (>= 400 and <= 599))
        {
            throw Error(Child(map, "status")!, path + ".status", $"'{status}' is not an error status (400-599).");
        }

        return new FaultConfig
        {
            PError = Probability(map, "p_error", path),
            Status = status,
            ResetAfterEvents = NonNegativeInt(map, "reset_after_events", path),
            DelayMs = NonNegativeInt(map, "delay_ms", path) ?? 0,
            Malformed = OptionalBool(map, "malformed", path) ?? false,
            ErrorIn200 = OptionalBool(map, "error_in_200", path) ?? false,
            Seed = NonNegativeInt(map, "seed", path),
        };
    }

    private double? Probability(YamlMappingNode map, string name, string parent)
    {
        var text = OptionalString(map, name, parent);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw Error(Child(map, name)!, $"{parent}.{name}", $"'{text}' is not a probability between 0 and 1.");
    }

    /// <summary>Zero is meaningful here (reset before the first event, no delay), unlike <see cref="OptionalInt"/>.</summary>
    private int? NonNegativeInt(YamlMappingNode map, string name, string parent)
    {
        var text = OptionalString(map, name, parent);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(Child(map, name)!, $"{parent}.{name}", $"'{text}' is not a whole number of 0 or more.");
    }
}
