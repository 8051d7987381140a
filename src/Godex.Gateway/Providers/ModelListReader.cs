using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>Decodes an upstream's model list with a source-generated DTO; a body that is not that shape is a 502 naming the provider.</summary>
internal static class ModelListReader
{
    public static T Read<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> type, string provider, string endpoint)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, type) is { } list)
            {
                return list;
            }
        }
        catch (JsonException)
        {
            // reported below
        }

        throw new GodexException(new GodexError(502, "provider.invalid_response", $"Provider '{provider}' answered {endpoint} with something that is not a model list."));
    }
}
