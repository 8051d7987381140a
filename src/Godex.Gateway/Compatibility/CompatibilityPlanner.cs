using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Specs;
using Godex.Wire;

namespace Godex.Gateway.Compatibility;

/// <summary>
/// Degrades a request to what the chosen provider supports, reading only its <see cref="ProviderSpec"/>.
/// Every change is recorded (it lands on the trace); what cannot be degraded fails with a 400 naming the
/// provider and the limit.
/// </summary>
public static class CompatibilityPlanner
{
    public static ChatRequest Plan(ChatRequest request, ProviderSpec spec, string provider, string clientProtocol, List<string> degradations)
    {
        request = ToolLimits.Apply(request, spec, provider, clientProtocol, degradations);
        request = ToolChoices.Apply(request, spec, degradations);
        request = ResponseFormats.Apply(request, spec, degradations);
        request = ReasoningSettingsMapper.Apply(request, spec, degradations);
        if (request.TopK is { } topK && spec.Family is ProviderTypes.OpenAI or ProviderTypes.OpenAIResponses)
        {
            // OpenAI's protocols have no top_k; clients such as Gemini CLI always send one. A sampling hint, so drop it.
            degradations.Add($"top_k {topK}: dropped (the provider's protocol has no top_k)");
            request = request with { TopK = null };
        }

        request = UnsupportedFields.Apply(request, spec, provider, degradations);
        if (spec.RequiresPairedToolResults)
        {
            request = ToolPairing.DropUnpaired(request, degradations);
        }

        if (spec.Family == ProviderTypes.OpenAI)
        {
            request = ToolResultImages.Split(request, degradations);
        }

        return request;
    }
}

/// <summary>Fields an upstream refuses outright (ChatGPT's Codex backend: max_output_tokens, store: true), dropped and recorded.</summary>
internal static class UnsupportedFields
{
    public static ChatRequest Apply(ChatRequest request, ProviderSpec spec, string provider, List<string> degradations)
    {
        if (!spec.OutputLimit && request.MaxOutputTokens is { } limit)
        {
            degradations.Add($"max_output_tokens {limit}: dropped (provider '{provider}' takes no output limit)");
            request = request with { MaxOutputTokens = null };
        }

        if (!spec.Stores && request.Extensions is { } bag && bag.Fields.TryGetValue("store", out var store) && store.ValueKind != JsonValueKind.False)
        {
            // Godex keeps the response itself (previous_response_id works); the upstream is told store: false.
            degradations.Add($"store: sent as false (provider '{provider}' keeps no responses; Godex stores them)");
            request = request with { Extensions = new ExtensionBag(bag.Protocol, bag.Fields.Where(field => field.Key != "store").ToDictionary()) };
        }

        return request;
    }
}

/// <summary>The number and kinds of tools a provider takes.</summary>
internal static class ToolLimits
{
    private static readonly JsonElement FreeformSchema = JsonDocument.Parse("""{"type":"object","properties":{"input":{"type":"string","description":"The raw input for the tool."}},"required":["input"]}""").RootElement.Clone();

    public static ChatRequest Apply(ChatRequest request, ProviderSpec spec, string provider, string clientProtocol, List<string> degradations)
    {
        // Built-in tools (web_search, code execution, ...) stay when the upstream speaks the client's own protocol.
        var tools = request.Tools;
        if (spec.WireProtocol != clientProtocol && tools.Any(tool => tool.Kind != ToolDefinition.FunctionKind))
        {
            var kept = new List<ToolDefinition>(tools.Count);
            foreach (var tool in tools)
            {
                switch (tool.Kind)
                {
                    case ToolDefinition.FunctionKind:
                        kept.Add(tool);
                        break;
                    case "custom":
                        // Freeform tools (Codex's apply_patch) become a function taking the raw text; their calls
                        // come back as {"input": ...}, which the Responses writer turns back into custom calls.
                        kept.Add(tool with { Kind = ToolDefinition.FunctionKind, Parameters = FreeformSchema, Raw = null });
                        degradations.Add($"tool '{tool.Name}': custom tool sent as a function taking {{input}}");
                        break;
                    default:
                        degradations.Add($"tool '{tool.Name}' ({tool.Kind}): removed, provider '{provider}' has no such built-in tool");
                        break;
                }
            }

            tools = kept;
        }

        if (spec.MaxTools is { } max && tools.Count > max)
        {
            throw new GodexException(GodexError.BadRequest($"Provider '{provider}' accepts at most {max} tools; the request has {tools.Count}.", "tools"));
        }

        return ReferenceEquals(tools, request.Tools) ? request : request with { Tools = tools };
    }
}

/// <summary>tool_choice modes a provider lacks fall back to the nearest it has.</summary>
internal static class ToolChoices
{
    public static ChatRequest Apply(ChatRequest request, ProviderSpec spec, List<string> degradations)
    {
        if (request.ToolChoice is not { } choice)
        {
            return request;
        }

        if (spec.ToolChoiceModes.Count == 0)
        {
            if (choice.Mode == ToolChoiceMode.None && request.Tools.Count > 0)
            {
                degradations.Add("tool_choice none: tools removed (provider takes no tool_choice)");
                return request with { ToolChoice = null, Tools = [] };
            }

            if (choice.Mode != ToolChoiceMode.Auto)
            {
                degradations.Add($"tool_choice {Name(choice)}: dropped (provider takes no tool_choice)");
            }

            return request with { ToolChoice = null };
        }

        if (spec.ToolChoiceModes.Contains(choice.Mode))
        {
            return request;
        }

        if (choice.Mode == ToolChoiceMode.None)
        {
            degradations.Add("tool_choice none: tools removed (provider has no 'none' mode)");
            return request with { ToolChoice = null, Tools = [] };
        }

        var fallback = choice.Mode == ToolChoiceMode.Function && spec.ToolChoiceModes.Contains(ToolChoiceMode.Required)
            ? ToolChoice.Required
            : ToolChoice.Auto;
        degradations.Add($"tool_choice {Name(choice)} -> {Name(fallback)}");
        return request with { ToolChoice = spec.ToolChoiceModes.Contains(fallback.Mode) ? fallback : null };
    }

    private static string Name(ToolChoice choice) => choice.Mode == ToolChoiceMode.Function ? $"function {choice.FunctionName}" : choice.Mode.ToString().ToLowerInvariant();
}

/// <summary>json_schema where only json_object exists: ask for JSON and put the schema in the instructions.</summary>
internal static class ResponseFormats
{
    public static ChatRequest Apply(ChatRequest request, ProviderSpec spec, List<string> degradations)
    {
        if (request.ResponseFormat is not { } format || spec.ResponseFormats.Contains(format.Kind))
        {
            return request;
        }

        var instruction = format.Kind == ResponseFormatKind.JsonSchema && format.Schema is { } schema
            ? $"Respond only with one JSON value that matches this JSON Schema, and nothing else:\n{schema.GetRawText()}"
            : "Respond only with one JSON object, and nothing else.";
        var instructions = string.IsNullOrEmpty(request.Instructions) ? instruction : request.Instructions + "\n\n" + instruction;
        if (format.Kind == ResponseFormatKind.JsonSchema && spec.ResponseFormats.Contains(ResponseFormatKind.JsonObject))
        {
            degradations.Add("response_format json_schema -> json_object with the schema in the instructions");
            return request with { ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject), Instructions = instructions };
        }

        degradations.Add($"response_format {format.Kind}: not supported, asked for in the instructions");
        return request with { ResponseFormat = null, Instructions = instructions };
    }
}

/// <summary>Reasoning settings in the provider's own terms: effort, an on/off toggle, a budget, or nothing.</summary>
internal static class ReasoningSettingsMapper
{
    public static ChatRequest Apply(ChatRequest request, ProviderSpec spec, List<string> degradations)
    {
        if (request.Reasoning is not { } reasoning)
        {
            return request;
        }

        switch (spec.Reasoning)
        {
            case ReasoningStyle.None:
                degradations.Add($"reasoning {Describe(reasoning)}: dropped (provider has no reasoning control)");
                return request with { Reasoning = null };
            case ReasoningStyle.Toggle when spec.Toggle is { } toggle:
                var on = ReasoningBudget.EffortOf(reasoning) != "none";
                degradations.Add($"reasoning {Describe(reasoning)} -> {toggle.Field} {(on ? "on" : "off")}");
                using (var value = JsonDocument.Parse(on ? toggle.On : toggle.Off))
                {
                    var fields = new Dictionary<string, JsonElement>(ExtensionBag.For(request.ProviderFields, spec.WireProtocol) ?? []) { [toggle.Field] = value.RootElement.Clone() };
                    return request with { Reasoning = null, ProviderFields = new ExtensionBag(spec.WireProtocol, fields) };
                }

            default:
                return request;
        }
    }

    private static string Describe(ReasoningSettings reasoning) =>
        reasoning.Effort is { } effort ? $"effort {effort}" : reasoning.BudgetTokens is { } budget ? $"budget {budget}" : reasoning.Enabled == false ? "off" : "settings";
}
