using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Anthropic;

/// <summary>Anthropic's error shape, `{"type":"error","error":{"type","message"}}`, both ways; the type follows the status.</summary>
public static class AnthropicErrors
{
    private static readonly HashSet<string> Types =
    [
        "invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error",
        "request_too_large", "rate_limit_error", "api_error", "timeout_error", "overloaded_error",
    ];

    public static void Write(IBufferWriter<byte> output, GodexError error)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        WriteObject(json, error);
    }

    public static void WriteObject(Utf8JsonWriter json, GodexError error)
    {
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteStartObject("error");
        json.WriteString("type", TypeOf(error));
        json.WriteString("message", error.Message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The upstream's own type when it is one of Anthropic's, else another family's translated (<see cref="ErrorTypes"/>), else the type Anthropic uses for the status.</summary>
    public static string TypeOf(GodexError error) =>
        error.UpstreamType is { } upstream && Types.Contains(upstream) ? upstream : ErrorTypes.ForAnthropic(error.UpstreamType) ?? TypeFor(error.Status);

    /// <summary>The `error.type` Anthropic's API and SDKs use for each status.</summary>
    public static string TypeFor(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>The status an error type stands for, for `error` events that arrive inside a 200 stream.</summary>
    public static int StatusFor(string? type) => type switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    /// <summary>Reads an upstream's error body; falls back to the raw text when it is not Anthropic-shaped.</summary>
    public static GodexError Read(int status, ReadOnlySpan<byte> body, string provider) =>
        UpstreamErrorFallback.Read(status, body, provider, AnthropicJsonContext.Default.ErrorEnvelopeDto,
            envelope => envelope.Error is { } error ? FromBody(status, error) : null);

    internal static GodexError FromBody(int status, ErrorBodyDto error) =>
        new(status, "provider.http_error", error.Message ?? $"HTTP {status}") { UpstreamType = error.Type };
}
