using Godex.Wire;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// What a finished request used (as reported, else estimated) and what that cost where the model has
/// a price: computed once, recorded on the trace and charged to the request's limits and budgets.
/// </summary>
public sealed record RequestCharge(Usage? Usage, decimal? CostUsd, bool Disconnected)
{
    /// <summary>The provider reported usage or sent output: it bills the request. A failure before any output is recorded (with its input estimate) but costs nothing.</summary>
    public bool Billed { get; init; }

    public long BilledTokens => Billed ? Usage?.TotalTokens ?? 0 : 0;

    public decimal BilledUsd => Billed ? CostUsd ?? 0 : 0;
}
