using System.Text.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// The `thinkingConfig` to send for canonical reasoning settings. Budgets go as `thinkingBudget`
/// (mapped from effort through <see cref="ReasoningBudget"/>; -1 lets the model choose), which every
/// thinking Gemini model accepts. `thinkingLevel` (Gemini 3 only) is sent only when a Gemini client
/// asked for that very level, so a request passing through keeps its own form.
/// </summary>
internal sealed class ThinkingConfig
{
    private readonly JsonElement? _level;
    private readonly int? _budget;
    private readonly bool _includeThoughts;
    private readonly List<JsonProperty> _extras;

    private ThinkingConfig(JsonElement? level, int? budget, bool includeThoughts, List<JsonProperty> extras) =>
        (_level, _budget, _includeThoughts, _extras) = (level, budget, includeThoughts, extras);

    /// <param name="generationExtras">Unknown generationConfig fields kept from a Gemini client, holding its own thinkingConfig leftovers.</param>
    public static ThinkingConfig? For(ReasoningSettings? reasoning, List<JsonProperty> generationExtras)
    {
        var extras = new List<JsonProperty>();
        JsonElement? level = null;
        foreach (var kept in generationExtras)
        {
            if (kept.Name == "thinkingConfig" && kept.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in kept.Value.EnumerateObject())
                {
                    if (field.Name == "thinkingLevel" && field.Value.ValueKind == JsonValueKind.String)
                    {
                        level = field.Value;
                    }
                    else
                    {
                        extras.Add(field);
                    }
                }
            }
        }

        var effort = ReasoningBudget.EffortOf(reasoning);
        var useLevel = level is { } l && effort is not null && string.Equals(l.GetString(), effort, StringComparison.OrdinalIgnoreCase);
        var budget = useLevel ? null : ReasoningBudget.Of(reasoning) ?? (reasoning?.Enabled == true ? -1 : null);

        // Thought summaries for clients that show reasoning: those asking for summaries, or turning thinking on explicitly.
        var include = reasoning is not null && reasoning.Enabled != false
            && ((reasoning.Summary is not null && reasoning.Summary != "none") || reasoning.Enabled == true);
        return !useLevel && budget is null && !include && extras.Count == 0
            ? null
            : new ThinkingConfig(useLevel ? level : null, budget, include, extras);
    }

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject("thinkingConfig");
        if (_level is { } level)
        {
            json.WritePropertyName("thinkingLevel");
            level.WriteTo(json);
        }
        else if (_budget is { } budget)
        {
            json.WriteNumber("thinkingBudget", budget);
        }

        if (_includeThoughts)
        {
            json.WriteBoolean("includeThoughts", true);
        }

        foreach (var extra in _extras)
        {
            extra.WriteTo(json);
        }

        json.WriteEndObject();
    }
}
