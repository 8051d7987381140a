using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.OpenAIChat;

/// <summary>OpenAI's error shape, `{"error":{"message","type","param","code"}}`, both ways.</summary>
public static class OpenAIChatErrors
{
    /// <summary>Codex's plan limit on a ChatGPT login (`error.type`): the usage window is spent.</summary>
    private const string UsageLimitReached = "usage_limit_reached";

    public static void Write(IBufferWriter<byte> output, GodexError error)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        WriteObject(json, error);
    }

    public static void WriteObject(Utf8JsonWriter json, GodexError error)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        var (type, code) = ErrorTypes.ForOpenAI(error);
        json.WriteString("message", error.Message);
        json.WriteString("type", type);
        if (error.Param is { } param)
        {
            json.WriteString("param", param);
        }
        else
        {
            json.WriteNull("param");
        }

        json.WriteString("code", code ?? CodeFor(error));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The `type` OpenAI's SDKs and docs use for each status.</summary>
    public static string TypeFor(int status) => ErrorTypes.OpenAITypeFor(status);

    /// <summary>OpenAI's own code where one exists (model_not_found, invalid_api_key), else the Godex domain code.</summary>
    private static string CodeFor(GodexError error) => error.Code switch
    {
        "routing.model_not_found" => "model_not_found",
        "auth.invalid_key" => "invalid_api_key",
        _ => error.Code,
    };

    /// <summary>Reads an upstream's error body; falls back to the raw text when it is not OpenAI-shaped.</summary>
    public static GodexError Read(int status, ReadOnlySpan<byte> body, string provider) =>
        UpstreamErrorFallback.Read(status, body, provider, ChatJsonContext.Default.ErrorEnvelopeDto,
            envelope => envelope.Error is { } error ? FromBody(status, error) : null);

    internal static GodexError FromBody(int status, ErrorBodyDto error)
    {
        var code = CodeText(error.Code);
        var usageLimit = error.Type == UsageLimitReached || code == UsageLimitReached;
        return new(status, "provider.http_error", error.Message ?? $"HTTP {status}")
        {
            Param = error.Param,
            UpstreamType = error.Type,
            UpstreamCode = code,
            QuotaExhausted = usageLimit,
            RetryAfter = usageLimit ? UsageWindowReset(error) : null,
        };
    }

    /// <summary>When Codex's plan limit opens again: `resets_in_seconds`, or `resets_at` in Unix seconds.</summary>
    private static string? UsageWindowReset(ErrorBodyDto error) =>
        error.ResetsInSeconds is { } seconds && seconds >= 0 ? WaitTime.Seconds(TimeSpan.FromSeconds(seconds))
        : error.ResetsAt is { } at && at > 0 ? WaitTime.Date(DateTimeOffset.FromUnixTimeMilliseconds((long)(at * 1000)))
        : null;

    /// <summary>An OpenAI error `code` as text: a string, or a number as some compatible servers send; else none.</summary>
    internal static string? CodeText(JsonElement? code) => code switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };
}
