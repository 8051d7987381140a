using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Godex.Commands;

/// <summary>One admin event as a terminal line: the time, then what happened; red for failures, yellow for state changes.</summary>
internal static class EventLine
{
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Dim = "\u001b[2m";
    private const string Reset = "\u001b[0m";

    public static string Format(string type, JsonElement data, bool colour)
    {
        var at = AttachCommand.Text(data, "at") is { } time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "--:--:--";
        var (text, tint) = type switch
        {
            "request.finished" => Finished(data),
            "request.started" => ($"→ {Field(data, "model")} via {Field(data, "provider")} key {Field(data, "key_id")} ({Field(data, "id")})", Dim),
            "provider.state" => ($"provider {Field(data, "member")} {Field(data, "state")}: {Field(data, "cause")}{(AttachCommand.Text(data, "last_error") is { } error ? $" ({error})" : "")}{(AttachCommand.Text(data, "cooldown_until") is { } until ? $", until {until}" : "")}", Yellow),
            "config.reloaded" => Reloaded(data),
            "events.dropped" => ($"{Number(data, "count")} events dropped: this reader was too slow", Yellow),
            _ => ($"{type} {data.GetRawText()}", ""),
        };
        var line = new StringBuilder();
        line.Append(at).Append("  ");
        if (colour && tint.Length > 0)
        {
            line.Append(tint).Append(text).Append(Reset);
        }
        else
        {
            line.Append(text);
        }

        return line.ToString();
    }

    private static (string, string) Finished(JsonElement data)
    {
        var ok = AttachCommand.Text(data, "outcome") == "ok";
        var error = AttachCommand.Text(data, "error_code") is { } code ? $" {code}" : "";
        var text = $"{Number(data, "status")} {Field(data, "model")} via {Field(data, "member")} key {Field(data, "key_id")}: {Number(data, "latency_ms")} ms, {Number(data, "input_tokens")} in / {Number(data, "output_tokens")} out{error} ({Field(data, "id")})";
        return (text, ok ? Green : Red);
    }

    private static (string, string) Reloaded(JsonElement data)
    {
        var applied = data.TryGetProperty("applied", out var value) && value.ValueKind == JsonValueKind.True;
        return applied
            ? ($"config reloaded ({Field(data, "trigger")}), generation {Number(data, "generation")}", Yellow)
            : ($"config reload refused ({Field(data, "trigger")}): {Field(data, "error")}", Red);
    }

    private static string Field(JsonElement data, string name) => AttachCommand.Text(data, name) ?? "-";

    private static string Number(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "-";
}
