using System.Reflection;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Specs;
using Godex.Gateway.Routing;
using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// The model list in Codex's own shape, `{"models":[ModelInfo...]}`, for Codex's `GET /v1/models?client_version=...`
/// (sent with `originator: codex_*`). Codex 0.169 rejects the whole list when an entry lacks slug, display_name,
/// supported_reasoning_levels, shell_type, visibility, supported_in_api, priority, support_verbosity,
/// truncation_policy, experimental_supported_tools, or instructions (base_instructions). What Godex knows fills
/// the fields (id, name, context window, reasoning control, vision); the rest take the values Codex itself gives a
/// model it does not know, so listing a model changes nothing else about how Codex drives it.
/// </summary>
/// <remarks>
/// Codex uses an entry's base_instructions as its whole system prompt for that model, in place of its built-in
/// one: they come from `models.codex_instructions_file`, else from Godex's own (codex-instructions.md).
/// </remarks>
public sealed class CodexModels(GodexConfig config)
{
    /// <summary>The efforts a budget provider takes: each maps to a token budget (<see cref="ReasoningBudget"/>).</summary>
    private static readonly string[] BudgetEfforts = ["minimal", "low", "medium", "high", "xhigh"];

    private readonly string _instructions = config.Models.CodexInstructions ?? DefaultInstructions();

    /// <summary>Codex appends client_version to its model-list request and names itself in `originator` (codex_cli_rs, codex_exec, ...).</summary>
    public static bool Asks(HttpRequest request) =>
        request.Query.ContainsKey("client_version")
        || request.Headers["originator"].ToString().StartsWith("codex", StringComparison.OrdinalIgnoreCase);

    public void Write(Utf8JsonWriter json, IReadOnlyList<ListedModel> models)
    {
        json.WriteStartObject();
        json.WriteStartArray("models");
        for (var i = 0; i < models.Count; i++)
        {
            WriteModel(json, models[i], priority: i + 1);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteModel(Utf8JsonWriter json, ListedModel model, int priority)
    {
        json.WriteStartObject();
        json.WriteString("slug", model.Id);
        json.WriteString("display_name", model.Details?.DisplayName ?? model.Id);
        json.WriteString("description", Describe(model));
        var levels = ReasoningLevels(model.Spec);
        if (levels.Count > 0)
        {
            json.WriteString("default_reasoning_level", levels.Any(level => level.Effort == "medium") ? "medium" : levels[^1].Effort);
        }

        json.WriteStartArray("supported_reasoning_levels");
        foreach (var (effort, description) in levels)
        {
            json.WriteStartObject();
            json.WriteString("effort", effort);
            json.WriteString("description", description);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("shell_type", "default");
        json.WriteString("visibility", "list");
        json.WriteBoolean("supported_in_api", true);
        json.WriteNumber("priority", priority);
        json.WriteNull("upgrade");
        json.WriteString("base_instructions", _instructions);
        json.WriteBoolean("supports_reasoning_summaries", model.Spec is { Reasoning: not ReasoningStyle.None });
        json.WriteBoolean("support_verbosity", false);
        json.WriteNull("default_verbosity");
        json.WriteNull("apply_patch_tool_type");
        json.WriteStartObject("truncation_policy");
        json.WriteString("mode", "bytes");
        json.WriteNumber("limit", 10_000);
        json.WriteEndObject();
        json.WriteBoolean("supports_parallel_tool_calls", false);
        if (model.Details?.ContextWindow is { } window)
        {
            json.WriteNumber("context_window", window);
        }

        json.WriteStartArray("experimental_supported_tools");
        json.WriteEndArray();
        json.WriteStartArray("input_modalities");
        json.WriteStringValue("text");
        if (model.Spec?.Vision != false)
        {
            json.WriteStringValue("image");
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Describe(ListedModel model) => model.Origin switch
    {
        ModelOrigin.Alias => $"Alias for {model.Provider}/{model.UpstreamModel}, through Godex.",
        ModelOrigin.Discovered => $"{model.UpstreamModel} on provider '{model.Provider}' (from its model list), through Godex.",
        _ => $"{model.UpstreamModel} on provider '{model.Provider}', through Godex.",
    };

    /// <summary>The efforts Godex can carry to the provider, as its spec says it takes reasoning settings.</summary>
    private static List<(string Effort, string Description)> ReasoningLevels(ProviderSpec? spec) => spec?.Reasoning switch
    {
        ReasoningStyle.Effort => [("low", "reasoning effort low"), ("medium", "reasoning effort medium"), ("high", "reasoning effort high")],
        ReasoningStyle.Budget => [.. BudgetEfforts.Select(effort => (effort, $"thinking budget of {ReasoningBudget.ForEffort(effort)} tokens"))],
        ReasoningStyle.Toggle => [("none", "thinking off"), ("medium", "thinking on")],
        _ => [],
    };

    private static string DefaultInstructions()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Godex.Gateway.codex-instructions.md")
            ?? throw new InvalidOperationException("codex-instructions.md is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
