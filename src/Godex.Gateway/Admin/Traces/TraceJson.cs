using System.Text.Json;

using Godex.Gateway.Telemetry;

namespace Godex.Gateway.Admin.Traces;

/// <summary>
/// A trace as the admin API shows it, field names fixed here for the UI (snake_case, times ISO-8601
/// UTC, durations in ms): the listing's summary, and for the detail its attempts and the captured
/// request (already redacted when it was captured) as JSON.
/// </summary>
public static class TraceJson
{
    public static void Write(Utf8JsonWriter json, TraceRecord trace, long? sequence, bool detail)
    {
        json.WriteStartObject();
        json.WriteString("id", trace.Id);
        if (sequence is { } seq)
        {
            json.WriteString("cursor", seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        json.WriteTime("started_at", trace.StartedAt);
        json.WriteString("protocol", trace.ClientProtocol);
        json.WriteString("key_id", trace.CallerKeyId);
        json.WriteString("model", trace.RequestedModel);
        json.WriteString("resolved_model", trace.ResolvedModel);
        json.WriteString("provider", trace.Provider);
        json.WriteString("member", trace.Member);
        json.WriteBoolean("stream", trace.Stream);
        json.WriteNumber("status", trace.Status);
        json.WriteString("outcome", trace.Outcome);
        json.WriteString("error_code", trace.ErrorCode);
        json.WriteString("error_message", ErrorMessage(trace));
        json.WriteNumberOrNull("latency_ms", trace.LatencyMs);
        json.WriteNumberOrNull("ttft_ms", trace.TimeToFirstTokenMs);
        json.WriteNumberOrNull("upstream_ms", trace.UpstreamLatencyMs);
        json.WriteNumberOrNull("overhead_ms", trace.OverheadMs);
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", trace.InputTokens);
        json.WriteNumber("output_tokens", trace.OutputTokens);
        json.WriteNumber("cached_input_tokens", trace.CachedInputTokens);
        json.WriteNumber("cache_write_tokens", trace.CacheWriteTokens);
        json.WriteNumber("reasoning_tokens", trace.ReasoningTokens);
        json.WriteBoolean("estimated", trace.UsageEstimated);
        json.WriteEndObject();
        if (trace.CostUsd is { } cost)
        {
            json.WriteNumber("cost_usd", cost);
        }
        else
        {
            json.WriteNull("cost_usd");
        }

        json.WriteNumber("attempt_count", trace.Attempts?.Count ?? 0);
        json.WriteBoolean("has_payload", HasPayload(trace));
        if (detail)
        {
            WriteDetail(json, trace);
        }

        json.WriteEndObject();
    }

    /// <summary>A captured request that can be sent again: capture was on, and the body was JSON.</summary>
    public static bool HasPayload(TraceRecord trace) => trace.RequestPayload is { Length: > 1 } payload && payload[0] == '{';

    /// <summary>The last failed attempt's message (the trace row keeps only the code).</summary>
    private static string? ErrorMessage(TraceRecord trace) => trace.Attempts?.LastOrDefault(attempt => attempt.ErrorMessage is not null)?.ErrorMessage;

    private static void WriteDetail(Utf8JsonWriter json, TraceRecord trace)
    {
        json.WriteNumber("stream_events", trace.StreamEvents);
        json.WriteStartArray("degradations");
        foreach (var degradation in trace.Degradations)
        {
            json.WriteStringValue(degradation);
        }

        json.WriteEndArray();
        json.WriteStartArray("attempts");
        foreach (var attempt in trace.Attempts ?? [])
        {
            json.WriteStartObject();
            json.WriteString("provider", attempt.Provider);
            json.WriteString("member", attempt.Member);
            json.WriteString("model", attempt.Model);
            json.WriteString("reason", attempt.Reason);
            json.WriteString("outcome", attempt.Outcome);
            json.WriteNumberOrNull("start_ms", attempt.StartMs);
            json.WriteNumberOrNull("duration_ms", attempt.DurationMs);
            json.WriteNumberOrNull("backoff_ms", attempt.BackoffMs);
            json.WriteNumberOrNull("status", attempt.Status);
            json.WriteString("error_code", attempt.ErrorCode);
            json.WriteString("error_message", attempt.ErrorMessage);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        // The body as the client sent it, credentials blanked when it was captured; null without capture.
        json.WritePropertyName("request");
        if (HasPayload(trace))
        {
            try
            {
                using var payload = JsonDocument.Parse(trace.RequestPayload!);
                payload.RootElement.WriteTo(json);
            }
            catch (JsonException)
            {
                json.WriteNullValue(); // cut at the capture limit
            }
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
