using System.Diagnostics;
using System.Globalization;

using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Telemetry.Prices;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// The record step: turns a finished request's context into a trace, metrics and cost, and adds the
/// gateway's own response headers. Traces go to the recorder's queue; nothing here touches the database.
/// </summary>
public sealed class RequestTelemetry(TraceRecorder recorder, GatewayMetrics metrics, ModelLabels models, PriceCatalogue prices, TokenEstimator estimator, GodexConfig config, Events.GatewayEvents events)
{
    public const string OverheadHeader = "x-godex-overhead-ms";
    public const string CostHeader = "x-godex-cost-usd";
    public const string AttemptsHeader = "x-godex-attempts";
    public const string ProviderHeader = "x-godex-provider";

    /// <summary>Headers written as the response starts: the overhead so far, and the cost when the answer is already complete.</summary>
    public void OnResponseStarting(HttpContext http, GatewayContext context)
    {
        var now = Stopwatch.GetTimestamp();
        var upstream = context.UpstreamStartTimestamp is { } start ? Stopwatch.GetElapsedTime(start, context.UpstreamEndTimestamp ?? now) : TimeSpan.Zero;
        var overhead = Stopwatch.GetElapsedTime(context.StartTimestamp, now) - upstream;
        http.Response.Headers[OverheadHeader] = Math.Max(0, overhead.TotalMilliseconds).ToString("0.###", CultureInfo.InvariantCulture);
        if (context.Attempts.Count > 0)
        {
            // How many candidates were tried, and which pool member answered (or failed last).
            http.Response.Headers[AttemptsHeader] = context.Attempts.Count.ToString(CultureInfo.InvariantCulture);
            var last = context.Attempts[^1].Route;
            http.Response.Headers[ProviderHeader] = last.Member?.Id ?? last.Provider.Name;
        }

        if (!context.Stream && context.Usage is { } usage && prices.Find(context.Route?.Provider.Name, context.Route?.UpstreamModel) is { } price)
        {
            http.Response.Headers[CostHeader] = PriceCatalogue.Cost(price, usage).ToString("0.########", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>What the finished request used and cost: what its trace records and its budgets are charged.</summary>
    public RequestCharge Charge(HttpContext http, GatewayContext context)
    {
        var disconnected = context.ClientDisconnected || http.RequestAborted.IsCancellationRequested;
        var usage = RecordedUsage(context, disconnected);
        var price = usage is null ? null : prices.Find(context.Route?.Provider.Name, context.Route?.UpstreamModel);
        return new RequestCharge(usage, price is null ? null : PriceCatalogue.Cost(price, usage!), disconnected)
        {
            // A provider bills what it reported or sent; a failure before any output cost nothing.
            Billed = context.Usage is not null || context.OutputCharacters > 0,
        };
    }

    public ValueTask CompleteAsync(HttpContext http, GatewayContext context, RequestCharge charge, string? payload)
    {
        if (context.RequestedModel is null && context.Route is null && http.Response.StatusCode < 400)
        {
            return ValueTask.CompletedTask; // a successful listing (models, usage): nothing to account for
        }

        var trace = Build(context, http.Response.StatusCode, charge, payload);
        metrics.Record(trace, models.For(trace.RequestedModel));
        metrics.RecordAttempts(trace.Attempts ?? []);
        if (events.Listening)
        {
            events.Publish(new Events.RequestFinished(events.Time.GetUtcNow(), trace));
        }

        return recorder.RecordAsync(trace, CancellationToken.None);
    }

    private TraceRecord Build(GatewayContext context, int status, RequestCharge charge, string? payload)
    {
        var end = Stopwatch.GetTimestamp();
        var latency = Stopwatch.GetElapsedTime(context.StartTimestamp, end).TotalMilliseconds;
        double? upstream = context.UpstreamStartTimestamp is { } start ? Stopwatch.GetElapsedTime(start, context.UpstreamEndTimestamp ?? end).TotalMilliseconds : null;
        var (usage, cost, disconnected) = charge;
        var outcome = disconnected ? "client_disconnected" : context.ErrorCode is not null || status >= 400 ? "error" : "ok";

        // The committed candidate; else the last one tried (it failed before it could commit).
        var route = context.Route ?? (context.Attempts.Count > 0 ? context.Attempts[^1].Route : null);
        return new TraceRecord
        {
            Id = context.RequestId,
            StartedAt = context.StartedAt,
            ClientProtocol = context.ClientProtocol,
            CallerKeyId = context.CallerKeyId,
            RequestedModel = context.RequestedModel,
            ResolvedModel = route?.UpstreamModel,
            Provider = route?.Provider.Name,
            Member = route?.Member?.Id,
            Stream = context.Stream,
            Status = status,
            Outcome = outcome,
            ErrorCode = context.ErrorCode,
            LatencyMs = latency,
            TimeToFirstTokenMs = context.FirstTokenTimestamp is { } first ? Stopwatch.GetElapsedTime(context.StartTimestamp, first).TotalMilliseconds : null,
            UpstreamLatencyMs = upstream,
            OverheadMs = upstream is { } u ? Math.Max(0, latency - u) : null,
            InputTokens = usage?.InputTokens ?? 0,
            OutputTokens = usage?.OutputTokens ?? 0,
            CachedInputTokens = usage?.CachedInputTokens ?? 0,
            CacheWriteTokens = usage?.CacheWriteTokens ?? 0,
            ReasoningTokens = usage?.ReasoningTokens ?? 0,
            UsageEstimated = usage?.Estimated ?? false,
            CostUsd = cost,
            Degradations = [.. context.Degradations],
            StreamEvents = context.StreamEvents,
            Attempts = TraceAttempts.Of(context, end, failed: outcome == "error", disconnected),
            RequestPayload = config.Trace.CapturePayload ? payload : null,
        };
    }

    /// <summary>
    /// What the provider reported wins. When it reported nothing (the client left mid-stream, or the
    /// stream broke) Godex counts what it can rather than record zero; when a broken answer reported its
    /// input but not yet its output (Anthropic and Gemini report input first), the output is filled
    /// from the text seen. Estimated means at least one figure is an estimate: input tokens are never
    /// estimated when the provider reported them.
    /// </summary>
    private Usage? RecordedUsage(GatewayContext context, bool disconnected)
    {
        if (context.Usage is not { } reported)
        {
            return Estimate(context, disconnected);
        }

        var cut = disconnected || context.ErrorCode is not null;
        return cut && reported.OutputTokens == 0 && context.OutputCharacters > 0
            ? reported with { OutputTokens = EstimateOutput(context), Estimated = true }
            : reported;
    }

    private Usage? Estimate(GatewayContext context, bool disconnected)
    {
        if (context.Sent is null || context.UpstreamStartTimestamp is null || (!disconnected && context.ErrorCode is null && context.OutputCharacters == 0))
        {
            return null;
        }

        return new Usage
        {
            InputTokens = estimator.Count(context.Sent),
            OutputTokens = EstimateOutput(context),
            Estimated = true,
        };
    }

    private static long EstimateOutput(GatewayContext context) => (context.OutputCharacters + 3) / 4;
}
