using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Godex.Wire;

/// <summary>
/// Reads an upstream's error body: its protocol's envelope when it is one, else the status and the start
/// of the raw text (a proxy's HTML page, plain text, nothing), so the client still learns what came back.
/// </summary>
public static class UpstreamErrorFallback
{
    /// <summary>How much of the body is kept; an HTML error page can be long and says little past its start.</summary>
    public const int MaxBodyBytes = 2048;

    /// <param name="envelope">The protocol's error envelope.</param>
    /// <param name="errorOf">The error the envelope holds, or null when it holds none.</param>
    public static GodexError Read<TEnvelope>(int status, ReadOnlySpan<byte> body, string provider, JsonTypeInfo<TEnvelope> envelope, Func<TEnvelope, GodexError?> errorOf)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, envelope) is { } parsed && errorOf(parsed) is { } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
            // not JSON: use the text
        }

        return From(status, body, provider);
    }

    /// <summary>The error for a body in no known shape.</summary>
    public static GodexError From(int status, ReadOnlySpan<byte> body, string provider)
    {
        var text = Encoding.UTF8.GetString(body.Length > MaxBodyBytes ? body[..MaxBodyBytes] : body).Trim();
        return new GodexError(status, "provider.http_error", text.Length == 0
            ? $"Provider '{provider}' answered HTTP {status} with an empty body."
            : $"Provider '{provider}' answered HTTP {status}: {text}");
    }
}
