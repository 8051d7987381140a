using System.Buffers;
using System.Text.Json;

using Godex.Gateway.Reliability;
using Godex.Gateway.Telemetry.Events;
using Godex.Wire.Json;

namespace Godex.Gateway.Admin.Events;

/// <summary>
/// Each live event as one SSE frame: `event:` names its type (`request.started`, `request.finished`,
/// `provider.state`, `config.reloaded`, and `events.dropped` when this subscriber fell behind), `data:` is
/// one JSON object with the same `type`, an `at` time and the fields that type has.
/// </summary>
public static class EventJson
{
    public static string TypeOf(GatewayEvent gatewayEvent) => gatewayEvent switch
    {
        RequestStarted => "request.started",
        RequestFinished => "request.finished",
        MemberStateChanged => "provider.state",
        ConfigReloaded => "config.reloaded",
        _ => "event",
    };

    public static void WriteFrame(IBufferWriter<byte> output, GatewayEvent gatewayEvent)
    {
        var type = TypeOf(gatewayEvent);
        Wire.Sse.SseFrame.Begin(output, type);
        using (var json = new Utf8JsonWriter(output, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteTime("at", gatewayEvent.At);
            switch (gatewayEvent)
            {
                case RequestStarted started:
                    json.WriteString("id", started.Id);
                    json.WriteString("protocol", started.Protocol);
                    json.WriteString("key_id", started.KeyId);
                    json.WriteString("model", started.Model);
                    json.WriteString("provider", started.Provider);
                    json.WriteString("member", started.Member);
                    json.WriteBoolean("stream", started.Stream);
                    break;
                case RequestFinished { Trace: var trace }:
                    json.WriteString("id", trace.Id);
                    json.WriteString("protocol", trace.ClientProtocol);
                    json.WriteString("key_id", trace.CallerKeyId);
                    json.WriteString("model", trace.RequestedModel);
                    json.WriteString("provider", trace.Provider);
                    json.WriteString("member", trace.Member);
                    json.WriteNumber("status", trace.Status);
                    json.WriteString("outcome", trace.Outcome);
                    json.WriteString("error_code", trace.ErrorCode);
                    json.WriteNumberOrNull("latency_ms", trace.LatencyMs);
                    json.WriteNumberOrNull("ttft_ms", trace.TimeToFirstTokenMs);
                    json.WriteNumber("input_tokens", trace.InputTokens);
                    json.WriteNumber("output_tokens", trace.OutputTokens);
                    json.WriteNumber("attempts", trace.Attempts?.Count ?? 0);
                    break;
                case MemberStateChanged changed:
                    json.WriteString("provider", changed.Provider);
                    json.WriteString("member", changed.Member);
                    json.WriteString("state", changed.Disabled ? "disabled" : MemberStateText.Name(changed.State.State));
                    json.WriteString("health", MemberStateText.Name(changed.State.State));
                    json.WriteString("cause", changed.Cause);
                    json.WriteTime("cooldown_until", changed.State.State is MemberState.Healthy or MemberState.Probing ? null : changed.State.Until);
                    json.WriteString("last_error", changed.State.LastError is { } error ? $"{error.Status} {error.Code}" : null);
                    break;
                case ConfigReloaded reloaded:
                    json.WriteString("trigger", reloaded.Trigger);
                    json.WriteBoolean("applied", reloaded.Applied);
                    json.WriteNumber("generation", reloaded.Generation);
                    json.WriteString("error", reloaded.Error);
                    json.WriteStartArray("restart_required");
                    foreach (var setting in reloaded.RestartRequired)
                    {
                        json.WriteStringValue(setting);
                    }

                    json.WriteEndArray();
                    break;
            }

            json.WriteEndObject();
        }

        Wire.Sse.SseFrame.End(output);
    }

    public static void WriteDropped(IBufferWriter<byte> output, long count, DateTimeOffset at)
    {
        Wire.Sse.SseFrame.Begin(output, "events.dropped");
        using (var json = new Utf8JsonWriter(output, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", "events.dropped");
            json.WriteTime("at", at);
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        Wire.Sse.SseFrame.End(output);
    }
}
