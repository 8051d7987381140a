using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Responses;

/// <summary>Writes a <see cref="ChatRequest"/> as a Responses request body for an upstream (or its input-token count).</summary>
public static class ResponsesRequestWriter
{
    /// <summary>Top-level fields written here from the canonical request, so a bag's copy is not written again.</summary>
    private static readonly string[] Written = ["tool_choice", "text", "reasoning", "stream"];

    /// <summary>The fields `POST /responses/input_tokens` accepts besides model, input, instructions and tools.</summary>
    private static readonly string[] CountFields = ["conversation", "previous_response_id", "truncation"];

    /// <param name="stream">Whether to ask the upstream for a stream; by default, what the request says.</param>
    public static void Write(IBufferWriter<byte> output, ChatRequest request, bool? stream = null)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, request, count: false, stream ?? request.Stream);
    }

    /// <summary>The body for `POST /responses/input_tokens`: the request without generation settings.</summary>
    public static void WriteCount(IBufferWriter<byte> output, ChatRequest request)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, request, count: true, stream: false);
    }

    private static void Write(Utf8JsonWriter json, ChatRequest request, bool count, bool stream)
    {
        if (!count)
        {
            Refuse(request); // a count does not generate, so settings of generation do not matter to it
        }

        var sameProtocol = ResponsesJson.Fields(request.Extensions) is not null;
        var tools = new ResponsesToolMap(request.Tools);
        json.WriteStartObject();
        json.WriteString("model", request.Model);
        if (request.Instructions is { } instructions)
        {
            json.WriteString("instructions", instructions);
        }

        ResponsesInputWriter.Write(json, request.Messages, tools);
        if (request.Tools.Count > 0)
        {
            ResponsesToolWriter.WriteTools(json, request.Tools, sameProtocol);
        }

        ResponsesToolWriter.WriteChoice(json, request, tools);
        if (request.ParallelToolCalls is { } parallel)
        {
            json.WriteBoolean("parallel_tool_calls", parallel);
        }

        WriteText(json, request);
        WriteReasoning(json, request);
        if (count)
        {
            foreach (var name in CountFields)
            {
                if (ResponsesJson.BagValue(request.Extensions, name) is { } value)
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }
            }

            json.WriteEndObject();
            return;
        }

        if (request.MaxOutputTokens is { } max)
        {
            json.WriteNumber("max_output_tokens", max);
        }

        if (request.Temperature is { } temperature)
        {
            json.WriteNumber("temperature", temperature);
        }

        if (request.TopP is { } topP)
        {
            json.WriteNumber("top_p", topP);
        }

        // A Responses client's safety_identifier also served as the canonical user: it is not a `user`.
        if (request.User is { } user && ResponsesJson.BagString(request.Extensions, "safety_identifier") != user)
        {
            json.WriteString("user", user);
        }

        if (request.Metadata is { Count: > 0 } metadata)
        {
            json.WriteStartObject("metadata");
            foreach (var (key, value) in metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteBoolean("stream", stream);

        // Godex keeps no conversation state, so it asks OpenAI to keep none either, unless the client chose.
        if (ResponsesJson.BagValue(request.Extensions, "store") is null)
        {
            json.WriteBoolean("store", false);
        }

        ResponsesJson.WriteBag(json, request.Extensions, Written);
        json.WriteEndObject();
    }

    /// <summary>Settings the Responses API has no field for: refused rather than silently dropped.</summary>
    private static void Refuse(ChatRequest request)
    {
        string? field = request.Stop.Count > 0 ? "stop"
            : request.Seed is not null ? "seed"
            : request.TopK is not null ? "top_k"
            : request.PresencePenalty is not (null or 0) ? "presence_penalty"
            : request.FrequencyPenalty is not (null or 0) ? "frequency_penalty"
            : null;
        if (field is not null)
        {
            throw new GodexException(GodexError.BadRequest($"'{field}' cannot be sent to an OpenAI Responses upstream: the Responses API has no such setting.", field));
        }
    }

    private static void WriteText(Utf8JsonWriter json, ChatRequest request)
    {
        var extra = ResponsesJson.BagValue(request.Extensions, "text");
        if (request.ResponseFormat is null && extra is null)
        {
            return;
        }

        json.WriteStartObject("text");
        if (request.ResponseFormat is { } format)
        {
            ResponsesReplyWriter.WriteFormat(json, format);
        }

        WriteProperties(json, extra, "format");
        json.WriteEndObject();
    }

    private static void WriteReasoning(Utf8JsonWriter json, ChatRequest request)
    {
        var extra = ResponsesJson.BagValue(request.Extensions, "reasoning");
        var effort = ReasoningBudget.EffortOf(request.Reasoning);
        var summary = request.Reasoning?.Summary;
        if (effort is null && summary is null && extra is null)
        {
            return;
        }

        json.WriteStartObject("reasoning");
        if (effort is not null)
        {
            json.WriteString("effort", effort);
        }

        if (summary is not null)
        {
            json.WriteString("summary", summary);
        }

        WriteProperties(json, extra, "effort", "summary");
        json.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter json, JsonElement? element, params ReadOnlySpan<string> skip)
    {
        if (element is not { ValueKind: JsonValueKind.Object } value)
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (!skip.Contains(property.Name))
            {
                property.WriteTo(json);
            }
        }
    }
}
