using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Anthropic;

/// <summary>
/// Writes a <see cref="ChatRequest"/> as a Messages request body for an upstream. System and developer
/// text goes to `system` (a system message an Anthropic client placed inline stays inline); tool results
/// become user `tool_result` blocks; consecutive turns of one role are merged. Fields the client sent
/// verbatim (thinking, output_config, metadata, context_management, ...) are written back unchanged
/// when the client spoke Anthropic too.
/// </summary>
public static class AnthropicRequestWriter
{
    // Unknown fields the count_tokens endpoint also takes; the rest (sampling, limits) it refuses.
    private static readonly string[] CountExtras = ["context_management", "mcp_servers"];

    /// <param name="stream">Whether to ask the upstream for a stream; by default, what the request says.</param>
    public static void Write(IBufferWriter<byte> output, ChatRequest request, AnthropicWriterOptions options, bool? stream = null)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, request, options, forCount: false, stream ?? request.Stream);
    }

    /// <summary>The body for `/v1/messages/count_tokens`: what the model would read, without limits or sampling.</summary>
    public static void WriteCount(IBufferWriter<byte> output, ChatRequest request)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, request, AnthropicWriterOptions.Default, forCount: true, stream: false);
    }

    private static void Write(Utf8JsonWriter json, ChatRequest request, AnthropicWriterOptions options, bool forCount, bool stream)
    {
        var bag = ExtensionBag.For(request.Extensions, AnthropicProtocol.Name);
        if (!forCount)
        {
            RefuseUnsupported(request);
        }

        json.WriteStartObject();
        json.WriteString("model", request.Model);
        var budget = forCount ? null : ThinkingBudget(request, options, bag);
        if (!forCount)
        {
            json.WriteNumber("max_tokens", request.MaxOutputTokens ?? (options.DefaultMaxTokens + (budget ?? 0)));
        }

        AnthropicMessageWriter.Write(json, request);
        AnthropicToolWriter.Write(json, request);
        WriteThinking(json, request, bag, budget);
        WriteOutputConfig(json, request, bag);
        if (!forCount)
        {
            WriteMetadata(json, request, bag);
            WriteSampling(json, request, stream);
        }

        if (bag is not null)
        {
            foreach (var name in AnthropicRequestReader.VerbatimFields)
            {
                bag.Remove(name);
            }

            foreach (var (name, value) in bag)
            {
                if (!forCount || CountExtras.Contains(name))
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }
            }
        }

        json.WriteEndObject();
    }

    /// <summary>The thinking budget to send, fitted under max_tokens; null when the request leaves thinking alone.</summary>
    private static int? ThinkingBudget(ChatRequest request, AnthropicWriterOptions options, Dictionary<string, JsonElement>? bag)
    {
        // A request from an Anthropic client (it has a bag) thinks exactly as its own `thinking` says;
        // output_config.effort alone does not switch thinking on.
        if (bag is not null || request.Reasoning is null)
        {
            return null;
        }

        var budget = ReasoningBudget.Of(request.Reasoning)
            ?? (request.Reasoning.Enabled == true ? ReasoningBudget.ForEffort("medium") : null);
        if (budget is not > 0)
        {
            return budget;
        }

        budget = Math.Max(budget.Value, ReasoningBudget.Minimum);
        if (request.MaxOutputTokens is { } max && budget >= max)
        {
            // Anthropic counts thinking inside max_tokens and needs budget_tokens below it.
            budget = max - 1;
            if (budget < ReasoningBudget.Minimum)
            {
                throw new GodexException(GodexError.BadRequest(
                    $"Reasoning cannot fit: an Anthropic upstream needs max_tokens above {ReasoningBudget.Minimum} to think (thinking counts inside max_tokens), and the request allows {max}. Raise the token limit or turn reasoning off.", "max_tokens"));
            }
        }

        return budget;
    }

    private static void WriteThinking(Utf8JsonWriter json, ChatRequest request, Dictionary<string, JsonElement>? bag, int? budget)
    {
        if (bag?.TryGetValue("thinking", out var verbatim) == true)
        {
            json.WritePropertyName("thinking");
            verbatim.WriteTo(json);
            return;
        }

        if (budget is not { } tokens)
        {
            return;
        }

        json.WriteStartObject("thinking");
        if (tokens > 0)
        {
            json.WriteString("type", "enabled");
            json.WriteNumber("budget_tokens", tokens);
        }
        else
        {
            json.WriteString("type", "disabled");
        }

        json.WriteEndObject();
    }

    private static void WriteOutputConfig(Utf8JsonWriter json, ChatRequest request, Dictionary<string, JsonElement>? bag)
    {
        var verbatim = false;
        foreach (var name in (ReadOnlySpan<string>)["output_config", "output_format"])
        {
            if (bag?.TryGetValue(name, out var value) == true)
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
                verbatim = true;
            }
        }

        if (verbatim || request.ResponseFormat is not { } format || format.Kind == ResponseFormatKind.Text)
        {
            return;
        }

        if (format.Kind == ResponseFormatKind.JsonObject || format.Schema is null)
        {
            throw new GodexException(GodexError.BadRequest(
                "response_format: an Anthropic upstream has no any-JSON-object mode; structured output there needs a JSON schema (json_schema).", "response_format"));
        }

        json.WriteStartObject("output_config");
        json.WriteStartObject("format");
        json.WriteString("type", "json_schema");
        json.WritePropertyName("schema");
        format.Schema.Value.WriteTo(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, ChatRequest request, Dictionary<string, JsonElement>? bag)
    {
        if (bag?.TryGetValue("metadata", out var verbatim) == true)
        {
            json.WritePropertyName("metadata");
            verbatim.WriteTo(json);
        }
        else if (request.User is { } user)
        {
            json.WriteStartObject("metadata");
            json.WriteString("user_id", user);
            json.WriteEndObject();
        }
    }

    private static void WriteSampling(Utf8JsonWriter json, ChatRequest request, bool stream)
    {
        if (request.Stop.Count > 0)
        {
            json.WriteStartArray("stop_sequences");
            foreach (var stop in request.Stop)
            {
                json.WriteStringValue(stop);
            }

            json.WriteEndArray();
        }

        if (request.Temperature is { } temperature)
        {
            json.WriteNumber("temperature", temperature);
        }

        if (request.TopP is { } topP)
        {
            json.WriteNumber("top_p", topP);
        }

        if (request.TopK is { } topK)
        {
            json.WriteNumber("top_k", topK);
        }

        if (stream)
        {
            json.WriteBoolean("stream", true);
        }
    }

    /// <summary>Settings Anthropic has no equivalent for: refused by name rather than dropped.</summary>
    private static void RefuseUnsupported(ChatRequest request)
    {
        if (request.Seed is not null)
        {
            throw new GodexException(GodexError.BadRequest("seed: an Anthropic upstream has no seed; remove it to use this model.", "seed"));
        }

        if (request.PresencePenalty is { } presence && presence != 0)
        {
            throw new GodexException(GodexError.BadRequest("presence_penalty: an Anthropic upstream has no presence penalty; remove it to use this model.", "presence_penalty"));
        }

        if (request.FrequencyPenalty is { } frequency && frequency != 0)
        {
            throw new GodexException(GodexError.BadRequest("frequency_penalty: an Anthropic upstream has no frequency penalty; remove it to use this model.", "frequency_penalty"));
        }
    }
}
