using System.Text;
using System.Text.Json;

using Godex.Gateway.Agents;
using Godex.Wire;
using Godex.Wire.Json;

namespace Godex.Exec;

/// <summary>`godex exec --json`: one JSON object per line per event, as specified in docs/wire.md.</summary>
internal sealed class JsonlOutput(Stream output) : IExecOutput
{
    public const int WireVersion = 1;

    private readonly Dictionary<int, (string Id, string Name, StringBuilder Arguments)> _calls = [];
    private Usage? _usage;

    public void RunStarted(string model, string mode) => Line("run.started", json =>
    {
        json.WriteNumber("wire", WireVersion);
        json.WriteString("model", model);
        json.WriteString("mode", mode);
    });

    public void OnStepStarted(int step)
    {
        _calls.Clear();
        _usage = null;
        Line("step.started", json => json.WriteNumber("step", step));
    }

    public void OnEvent(int step, StreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case TextDelta delta:
                Line("text.delta", json =>
                {
                    json.WriteNumber("step", step);
                    json.WriteString("text", delta.Text);
                });
                break;
            case ReasoningDelta delta:
                Line("reasoning.delta", json =>
                {
                    json.WriteNumber("step", step);
                    json.WriteString("text", delta.Text);
                });
                break;
            case PartStarted { Kind: PartKind.ToolCall } part:
                _calls[part.Index] = (part.ToolCallId ?? "", part.ToolName ?? "", new StringBuilder());
                break;
            case ToolArgumentsDelta delta when _calls.TryGetValue(delta.Index, out var call):
                call.Arguments.Append(delta.Json);
                break;
            case PartDone done when _calls.Remove(done.Index, out var call):
                Line("tool.call", json =>
                {
                    json.WriteNumber("step", step);
                    json.WriteString("id", call.Id);
                    json.WriteString("name", call.Name);
                    WriteArguments(json, ToolArguments.Normalize(call.Arguments.ToString()));
                });
                break;
            case UsageReported reported:
                // Upstreams report running totals as they go: one `usage` line per turn, with the turn's figures.
                _usage = _usage is null ? reported.Usage : _usage.Merge(reported.Usage);
                break;
            case ResponseFinished finished:
                if (_usage is { } usage)
                {
                    Line("usage", json =>
                    {
                        json.WriteNumber("step", step);
                        WriteUsage(json, usage);
                    });
                }

                Line("step.finished", json =>
                {
                    json.WriteNumber("step", step);
                    json.WriteString("finish_reason", FinishReasonName(finished.Reason));
                });
                break;
        }
    }

    public void OnToolResult(int step, ToolCallPart call, ToolResultPart result) => Line("tool.result", json =>
    {
        json.WriteNumber("step", step);
        json.WriteString("id", call.Id);
        json.WriteString("name", call.Name);
        json.WriteString("output", result.TextContent());
        json.WriteBoolean("is_error", result.IsError);
    });

    public void RunFinished(ToolLoopResult result) => Line("run.finished", json =>
    {
        json.WriteString("outcome", OutcomeName(result.Outcome));
        json.WriteNumber("steps", result.Steps);
        json.WriteString("text", result.LastResponse?.JoinedText() ?? "");
        json.WriteStartObject("usage");
        WriteUsage(json, result.Usage);
        json.WriteEndObject();
    });

    public void Error(GodexError error) => Line("error", json =>
    {
        json.WriteString("code", error.Code);
        json.WriteNumber("status", error.Status);
        json.WriteString("message", error.Message);
    });

    public static string OutcomeName(ToolLoopOutcome outcome) => outcome switch
    {
        ToolLoopOutcome.Answered => "answered",
        ToolLoopOutcome.ToolCallsPending => "tool_calls_pending",
        ToolLoopOutcome.StepLimit => "step_limit",
        _ => "failed",
    };

    private static string FinishReasonName(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length",
        FinishReason.ToolCalls => "tool_calls",
        FinishReason.ContentFilter => "content_filter",
        FinishReason.Refusal => "refusal",
        FinishReason.Error => "error",
        _ => "stop",
    };

    private static void WriteUsage(Utf8JsonWriter json, Usage usage)
    {
        json.WriteNumber("input_tokens", usage.InputTokens);
        json.WriteNumber("output_tokens", usage.OutputTokens);
        json.WriteNumber("cached_input_tokens", usage.CachedInputTokens);
        json.WriteNumber("cache_write_tokens", usage.CacheWriteTokens);
        json.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
    }

    /// <summary>Arguments as a JSON value when they parse, else as the raw string, so a consumer never loses them.</summary>
    private static void WriteArguments(Utf8JsonWriter json, string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            json.WritePropertyName("arguments");
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteString("arguments", arguments);
        }
    }

    private void Line(string type, Action<Utf8JsonWriter> body)
    {
        using (var json = new Utf8JsonWriter(output, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            body(json);
            json.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        output.Flush();
    }
}
