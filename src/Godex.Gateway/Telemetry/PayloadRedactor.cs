using System.Text.Json;
using System.Text.Json.Nodes;

namespace Godex.Gateway.Telemetry;

/// <summary>Blanks credential-looking fields (key, token, secret, password, authorization) anywhere in a captured JSON body.</summary>
public static class PayloadRedactor
{
    public const int MaxCapturedBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Redact(ReadOnlySpan<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return "<not JSON; not captured>";
        }

        Walk(node);
        return node?.ToJsonString(Relaxed) ?? "null";
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(property => property.Key).ToList())
                {
                    if (IsSecret(name) && obj[name] is JsonValue)
                    {
                        obj[name] = Security.SecretText.Redacted;
                    }
                    else
                    {
                        Walk(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item);
                }

                break;
        }
    }

    private static bool IsSecret(string name) =>
        name.Contains("key", StringComparison.OrdinalIgnoreCase) && !name.Contains("cache_key", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase) && !name.Contains("tokens", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("password", StringComparison.OrdinalIgnoreCase)
        || name.Contains("authorization", StringComparison.OrdinalIgnoreCase);
}
