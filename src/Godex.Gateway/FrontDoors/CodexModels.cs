using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Routing;
using Godex.Gateway.Specs;
using Godex.Wire;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

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
/// Codex uses an entry's base_instructions as its whole system prompt for that model, in place of its built-in,
/// tuned one. Godex will not swap that prompt behind the user's back: without `models.codex_instructions_file`
/// Codex gets an empty catalogue (it keeps its own, and any model still works by name), and a warning says why.
/// </remarks>
public sealed partial class CodexModels(GodexConfig config, ILogger<CodexModels> logger)
{
    /// <summary>The efforts a budget provider takes: each maps to a token budget (<see cref="ReasoningBudget"/>).</summary>
    private static readonly string[] BudgetEfforts = ["minimal", "low", "medium", "high", "xhigh"];

    private readonly string? _instructions = config.Models.CodexInstructions;
    private int _warned;

    /// <summary>Codex appends client_version to its model-list request and names itself in `originator` (codex_cli_rs, codex_exec, ...).</summary>
    public static bool Asks(HttpRequest request) =>
        request.Query.ContainsKey("client_version")
        || request.Headers["originator"].ToString().StartsWith("codex", StringComparison.OrdinalIgnoreCase);

    public void Write(Utf8JsonWriter json, IReadOnlyList<ListedModel> models)
    {
        json.WriteStartObject();
        json.WriteStartArray("models");
        if (_instructions is null)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                LogNoInstructions(logger, models.Count);
            }
        }
        else
        {
            for (var i = 0; i < models.Count; i++)
            {
                WriteModel(json, models[i], priority: i + 1, _instructions);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, ListedModel model, int priority, string instructions)
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
        json.WriteString("base_instructions", instructions);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Codex asked for its model catalogue: it gets an empty one, so it keeps its own system prompt ({Count} Godex models still work by name). Set models.codex_instructions_file to list them; Codex then uses that file as its system prompt for them.")]
    private static partial void LogNoInstructions(ILogger logger, int count);
}
