using System.Text.Json;

using Godex.Wire;

namespace Godex.Gateway.Admin.Providers;

/// <summary>A probe's outcome as JSON: `ok`, the timings, the start of the answer, usage, and the error when it failed.</summary>
public static class ProbeResult
{
    public static void Write(Utf8JsonWriter json, ProbeOutcome outcome)
    {
        json.WriteStartObject();
        json.WriteString("provider", outcome.Provider);
        json.WriteString("member", outcome.Member);
        json.WriteString("model", outcome.Model);
        json.WriteTime("tested_at", outcome.TestedAt);
        json.WriteBoolean("ok", outcome.Error is null);
        json.WriteNumber("status", outcome.Error?.Status ?? 200);
        json.WriteNumberOrNull("latency_ms", outcome.LatencyMs);
        json.WriteNumberOrNull("ttft_ms", outcome.FirstTokenMs);
        json.WriteString("output_text", outcome.Text);
        json.WriteString("finish_reason", outcome.Finish is { } finish ? FinishName(finish) : null);
        json.WriteUsage(outcome.Usage);

        json.WriteError(outcome.Error);

        json.WriteEndObject();
    }

    private static string FinishName(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length",
        FinishReason.ToolCalls => "tool_calls",
        FinishReason.ContentFilter => "content_filter",
        FinishReason.Refusal => "refusal",
        FinishReason.Error => "error",
        _ => "stop",
    };
}
