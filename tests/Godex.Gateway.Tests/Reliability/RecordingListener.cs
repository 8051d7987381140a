using Godex.Gateway.Failover;
using Godex.Gateway.Reliability;
using Godex.Gateway.Tests.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

/// <summary>Writes down what the loop tells it, and fails over whatever the outcome table does not stop.</summary>
internal sealed class RecordingListener : IAttemptListener<ScriptedProvider>
{
    public List<string> Heard { get; } = [];

    /// <summary>Which candidates are tried after which failures; every one when unset.</summary>
    public Func<ScriptedProvider, GodexError, bool>? TriedAfterRule { get; init; }

    public bool TriedAfter(ScriptedProvider candidate, GodexError error) => TriedAfterRule?.Invoke(candidate, error) ?? true;

    public void Starting(ScriptedProvider candidate) => Heard.Add($"starting {candidate.Name}");

    public bool FailsOver(ScriptedProvider candidate, GodexError error)
    {
        var failsOver = AttemptOutcomes.Classify(error) != AttemptOutcome.Stop;
        Heard.Add($"{(failsOver ? "fails over" : "keeps")} {candidate.Name} {error.Status}");
        return failsOver;
    }

    public void Committed(ScriptedProvider candidate) => Heard.Add($"committed {candidate.Name}");

    public void Hedging(ScriptedProvider candidate) => Heard.Add($"hedging {candidate.Name}");

    public bool HedgesWith(ScriptedProvider candidate, ScriptedProvider running) => candidate != running;

    public void LostRace(ScriptedProvider candidate) => Heard.Add($"lost {candidate.Name}");
}
