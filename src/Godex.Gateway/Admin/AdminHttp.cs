using System.Globalization;
using System.Text.Json;

using Godex.Wire;
using Godex.Wire.Json;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Admin;

/// <summary>
/// What the admin API's endpoints share: query parsing that refuses bad input by naming the parameter
/// (a 400 in OpenAI's error shape, like every admin error), a JSON writer on the response, and the one
/// time format (ISO-8601 in UTC, milliseconds: `2026-12-04T02:35:00.123Z`).
/// </summary>
public static class AdminHttp
{
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static void WriteTime(this Utf8JsonWriter json, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            json.WriteString(name, Time(value));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, Math.Round(number, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>`usage` as `{input_tokens, output_tokens}`, or null.</summary>
    public static void WriteUsage(this Utf8JsonWriter json, Wire.Usage? usage)
    {
        if (usage is null)
        {
            json.WriteNull("usage");
            return;
        }

        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", usage.InputTokens);
        json.WriteNumber("output_tokens", usage.OutputTokens);
        json.WriteEndObject();
    }

    /// <summary>`error` as `{message, code, status}` (OpenAI's field names, so a client reading `error.message` finds it), or null.</summary>
    public static void WriteError(this Utf8JsonWriter json, Wire.GodexError? error)
    {
        if (error is null)
        {
            json.WriteNull("error");
            return;
        }

        json.WriteStartObject("error");
        json.WriteString("message", error.Message);
        json.WriteString("code", error.Code);
        json.WriteNumber("status", error.Status);
        json.WriteEndObject();
    }

    /// <summary>The query parameter as a time (a date is its midnight UTC), or null when absent.</summary>
    public static DateTimeOffset? QueryTime(HttpContext http, string name)
    {
        if (http.Request.Query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new GodexException(GodexError.BadRequest($"{name} '{text}' is not a date or time (e.g. 2026-11-01 or 2026-11-01T12:00:00Z).", name));
    }

    /// <summary>The query parameter as a whole number within [min, max], or null when absent.</summary>
    public static long? QueryNumber(HttpContext http, string name, long min, long max)
    {
        if (http.Request.Query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new GodexException(GodexError.BadRequest($"{name} '{text}' must be a whole number from {min} to {max}.", name));
    }

    public static string? QueryText(HttpContext http, string name) => http.Request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    /// <summary>A JSON body that may be absent (null then); anything but an object is a 400.</summary>
    public static async Task<JsonDocument?> OptionalBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0 || (http.Request.ContentLength is null && http.Request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException exception)
        {
            throw new GodexException(GodexError.BadRequest($"The body is not valid JSON: {exception.Message}", null));
        }

        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            body.Dispose();
            throw new GodexException(GodexError.BadRequest("The body must be a JSON object.", null));
        }

        return body;
    }

    /// <summary>A JSON answer, written straight into the response.</summary>
    public static Utf8JsonWriter Json(HttpContext http, int status = 200)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions);
    }
}
