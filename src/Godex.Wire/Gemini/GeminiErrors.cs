using System.Buffers;
using System.Globalization;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Gemini;

/// <summary>Gemini's error shape, `{"error":{"code","message","status","details"}}`, both ways.</summary>
public static class GeminiErrors
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";

    public static void Write(IBufferWriter<byte> output, GodexError error)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        WriteObject(json, error);
    }

    public static void WriteObject(Utf8JsonWriter json, GodexError error)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteNumber("code", error.Status);
        json.WriteString("message", error.Message);
        json.WriteString("status", IsStatusName(error.UpstreamType) ? error.UpstreamType : ErrorTypes.ForGemini(error.UpstreamType) ?? GeminiProtocol.StatusFor(error.Status));

        // Gemini's SDKs and CLI take the wait before a retry from RetryInfo, not from the header.
        if (error.RetryAfter is { } retryAfter && int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            json.WriteStartArray("details");
            json.WriteStartObject();
            json.WriteString("@type", RetryInfoType);
            json.WriteString("retryDelay", seconds.ToString(CultureInfo.InvariantCulture) + "s");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Reads an upstream's error body; falls back to the raw text when it is not Gemini-shaped.</summary>
    public static GodexError Read(int status, ReadOnlySpan<byte> body, string provider)
    {
        try
        {
            var trimmed = body.TrimStart(" \t\r\n"u8);

            // The JSON-array stream form wraps its error in an array too.
            if (trimmed.Length > 0 && trimmed[0] == (byte)'[')
            {
                using var document = JsonDocument.Parse(body.ToArray());
                if (document.RootElement.GetArrayLength() > 0)
                {
                    var first = document.RootElement[0].Deserialize(GeminiJsonContext.Default.ErrorEnvelopeDto);
                    if (first?.Error is { } wrapped)
                    {
                        return FromBody(status, wrapped);
                    }
                }
            }
            else if (JsonSerializer.Deserialize(body, GeminiJsonContext.Default.ErrorEnvelopeDto)?.Error is { } error)
            {
                return FromBody(status, error);
            }
        }
        catch (JsonException)
        {
            // not JSON: use the text below
        }
        catch (InvalidOperationException)
        {
            // a JSON value of another shape: use the text below
        }

        return UpstreamErrorFallback.From(status, body, provider);
    }

    internal static GodexError FromBody(int status, ErrorBodyDto error)
    {
        var (retryAfter, exhausted) = GeminiQuota.Read(error.Details);
        return new(status, "provider.http_error", error.Message ?? $"HTTP {status}")
        {
            UpstreamType = error.Status,
            UpstreamCode = error.Code?.ToString(CultureInfo.InvariantCulture),
            RetryAfter = retryAfter,
            QuotaExhausted = exhausted,
        };
    }

    private static bool IsStatusName(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(static c => char.IsAsciiLetterUpper(c) || c == '_');
}
