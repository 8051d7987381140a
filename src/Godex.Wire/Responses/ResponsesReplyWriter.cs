using System.Text.Json;

using Godex.Wire.OpenAIChat;

namespace Godex.Wire.Responses;

/// <summary>Writes the `response` object, shared by the non-streaming answer and the created/completed/failed stream events.</summary>
internal static class ResponsesReplyWriter
{
    private static readonly string[] Written =
    [
        "id", "object", "created_at", "status", "error", "incomplete_details", "instructions", "max_output_tokens", "model",
        "output", "output_text", "parallel_tool_calls", "previous_response_id", "reasoning", "store", "temperature", "text",
        "tool_choice", "tools", "top_p", "truncation", "usage", "user", "metadata",
    ];

    /// <summary>Request fields a Responses client sent that the echo repeats as they were.</summary>
    private static readonly string[] EchoedExtras = ["prompt_cache_key", "safety_identifier", "service_tier", "max_tool_calls", "top_logprobs", "background"];

    public sealed record Snapshot(string Id, DateTimeOffset Created, string Model, string Status)
    {
        public IReadOnlyList<OutputItem> Output { get; init; } = [];
        public Usage? Usage { get; init; }
        public GodexError? Error { get; init; }
        public string? IncompleteReason { get; init; }
        public string ItemStatus { get; init; } = "completed";
        public bool OutputText { get; init; }
        public ExtensionBag? Extensions { get; init; }
    }

    public static void WriteObject(Utf8JsonWriter json, ResponsesReply reply, Snapshot snapshot)
    {
        var request = reply.Request;
        json.WriteStartObject();
        json.WriteString("id", snapshot.Id);
        json.WriteString("object", "response");
        json.WriteNumber("created_at", snapshot.Created.ToUnixTimeSeconds());
        json.WriteString("status", snapshot.Status);
        if (snapshot.Error is { } error)
        {
            json.WriteStartObject("error");
            json.WriteString("code", ErrorCode(error));
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("error");
        }

        if (snapshot.IncompleteReason is { } reason)
        {
            json.WriteStartObject("incomplete_details");
            json.WriteString("reason", reason);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("incomplete_details");
        }

        WriteStringOrNull(json, "instructions", request.Instructions);
        WriteNumberOrNull(json, "max_output_tokens", request.MaxOutputTokens);
        json.WriteString("model", snapshot.Model.Length > 0 ? snapshot.Model : request.Model);
        json.WriteStartArray("output");
        foreach (var item in snapshot.Output)
        {
            ResponsesItems.WriteItem(json, item, done: true, snapshot.ItemStatus, reply.Tools);
        }

        json.WriteEndArray();
        if (snapshot.OutputText)
        {
            json.WriteString("output_text", OutputText(snapshot.Output));
        }

        json.WriteBoolean("parallel_tool_calls", request.ParallelToolCalls ?? true);
        WriteStringOrNull(json, "previous_response_id", ResponsesJson.BagValue(request.Extensions, "previous_response_id") is { ValueKind: JsonValueKind.String } previous ? previous.GetString() : null);
        json.WriteStartObject("reasoning");
        WriteStringOrNull(json, "effort", ReasoningBudget.EffortOf(request.Reasoning));
        WriteStringOrNull(json, "summary", request.Reasoning?.Summary);
        json.WriteEndObject();
        // Stored unless the client said store: false (OpenAI's default, and Godex's since it keeps responses).
        json.WriteBoolean("store", ResponsesJson.BagValue(request.Extensions, "store") is not { ValueKind: JsonValueKind.False });
        WriteNumberOrNull(json, "temperature", request.Temperature);
        json.WriteStartObject("text");
        WriteFormat(json, request.ResponseFormat ?? new ResponseFormat(ResponseFormatKind.Text));
        json.WriteEndObject();
        if (ResponsesJson.BagValue(request.Extensions, "tool_choice") is null && request.ToolChoice is null)
        {
            json.WriteString("tool_choice", "auto");
        }
        else
        {
            ResponsesToolWriter.WriteChoice(json, request, reply.Tools);
        }

        if (request.Tools.Count > 0)
        {
            ResponsesToolWriter.WriteTools(json, request.Tools, sameProtocol: true);
        }
        else
        {
            json.WriteStartArray("tools");
            json.WriteEndArray();
        }

        WriteNumberOrNull(json, "top_p", request.TopP);
        if (ResponsesJson.BagValue(request.Extensions, "truncation") is { } truncation)
        {
            json.WritePropertyName("truncation");
            truncation.WriteTo(json);
        }
        else
        {
            json.WriteString("truncation", "disabled");
        }

        if (snapshot.Usage is { } usage)
        {
            WriteUsage(json, usage);
        }
        else
        {
            json.WriteNull("usage");
        }

        WriteStringOrNull(json, "user", request.User == ResponsesJson.BagString(request.Extensions, "safety_identifier") ? null : request.User);
        json.WriteStartObject("metadata");
        foreach (var (key, value) in request.Metadata ?? new Dictionary<string, string>())
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        // What a Responses upstream said of itself (service_tier, billing, ...) first: it describes what
        // happened; then what the client asked for that the upstream did not answer.
        var written = new HashSet<string>(Written, StringComparer.Ordinal);
        if (ResponsesJson.Fields(snapshot.Extensions) is { } upstream)
        {
            foreach (var (name, value) in upstream)
            {
                if (written.Add(name))
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }
            }
        }

        foreach (var name in EchoedExtras)
        {
            if (ResponsesJson.BagValue(request.Extensions, name) is { } value && written.Add(name))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        }

        json.WriteEndObject();
    }

    public static void WriteUsage(Utf8JsonWriter json, Usage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", usage.InputTokens);
        json.WriteStartObject("input_tokens_details");
        json.WriteNumber("cached_tokens", usage.CachedInputTokens);
        json.WriteEndObject();
        json.WriteNumber("output_tokens", usage.OutputTokens);
        json.WriteStartObject("output_tokens_details");
        json.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
        json.WriteEndObject();
        json.WriteNumber("total_tokens", usage.TotalTokens);
        json.WriteEndObject();
    }

    /// <summary>A `text.format` object (the flat Responses form, unlike Chat's nested json_schema).</summary>
    public static void WriteFormat(Utf8JsonWriter json, ResponseFormat format) => OpenAIResponseFormat.WriteResponses(json, format);

    /// <summary>The `code` of a response's error: the upstream's own where it gave one, else the API's code for the status.</summary>
    public static string ErrorCode(GodexError error) => ErrorTypes.ForOpenAI(error).Code ?? error.Status switch
    {
        429 => "rate_limit_exceeded",
        >= 500 => "server_error",
        _ => error.Code,
    };

    public static string OutputText(IReadOnlyList<OutputItem> output)
    {
        var text = new System.Text.StringBuilder();
        foreach (var item in output)
        {
            if (item is MessageOutput message)
            {
                foreach (var part in message.Texts)
                {
                    if (ResponsesJson.BagString(part.Extensions, "type") != "refusal")
                    {
                        text.Append(part.Text);
                    }
                }
            }
        }

        return text.ToString();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
