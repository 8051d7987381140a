using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Godex.Gateway.Telemetry;

/// <summary>
/// Godex's instruments (meter "Godex"), exported at /metrics in Prometheus format and over OTLP when
/// configured: requests and latency by provider, model, client protocol and status; time to first
/// token; tokens; cost; upstream errors; attempts and failovers; the trace queue's depth, writes and drops;
/// the instructions cache. Every label value is bounded: names from config, discovered model lists, or
/// fixed sets; a client's model name only through <see cref="ModelLabels"/>.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Godex";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _firstToken;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _upstreamErrors;
    private readonly Counter<long> _tracesDropped;
    private readonly Counter<long> _tracesWritten;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _hedges;
    private static readonly string HedgeReason = TraceAttempts.Reason(Pipeline.AttemptReason.Hedge);

    public GatewayMetrics()
    {
        _requests = _meter.CreateCounter<long>("godex.requests", description: "Requests handled, by provider, model, client protocol and status.");
        _duration = _meter.CreateHistogram<double>("godex.request.duration", "s", "Total request latency.");
        _firstToken = _meter.CreateHistogram<double>("godex.time_to_first_token", "s", "Time from request to the first streamed token.");
        _tokens = _meter.CreateCounter<long>("godex.tokens", description: "Tokens by type: input, output, cached_input, cache_write, reasoning.");
        _cost = _meter.CreateCounter<double>("godex.cost", "USD", "Cost of requests at catalogue prices.");
        _upstreamErrors = _meter.CreateCounter<long>("godex.upstream.errors", description: "Errors answered by (or reaching) upstream providers.");
        _tracesDropped = _meter.CreateCounter<long>("godex.trace.dropped", description: "Traces dropped because the queue was full or the store kept failing.");
        _tracesWritten = _meter.CreateCounter<long>("godex.trace.written", description: "Traces written to the store.");
        _attempts = _meter.CreateCounter<long>("godex.attempts", description: "Attempts on providers and pool members, by result: answered, failed_over (the next candidate took over), failed (the client got its error), abandoned (the client left).");
        _failovers = _meter.CreateCounter<long>("godex.failovers", description: "Attempts left for the next candidate, by the provider left, the provider that took over, and the failure's status.");
        _hedges = _meter.CreateCounter<long>("godex.hedges", description: "Hedges sent because a first token was late, by the hedge's provider and whether it won the race.");
    }

    public void ObserveTraceQueue(Func<int> depth) =>
        _meter.CreateObservableGauge("godex.trace.queue.depth", depth, description: "Traces waiting to be written.");

    public void TraceDropped(int count = 1) => _tracesDropped.Add(count);

    public void TracesWritten(int count) => _tracesWritten.Add(count);

    /// <summary>
    /// Each attempt of a request that tried more than one candidate (a lone attempt is the request
    /// itself), and each move from one to the next. Failovers count providers, not members: members
    /// are in godex_attempts_total, and provider pairs stay few however many keys a pool has.
    /// </summary>
    public void RecordAttempts(IReadOnlyList<TraceAttempt> attempts)
    {
        if (attempts.Count < 2)
        {
            return;
        }

        for (var i = 0; i < attempts.Count; i++)
        {
            var attempt = attempts[i];
            _attempts.Add(1, new TagList
            {
                { "provider", attempt.Provider },
                { "member", attempt.Member ?? attempt.Provider },
                { "result", attempt.Outcome },
            });
            if (attempt.Reason == HedgeReason)
            {
                _hedges.Add(1, new TagList { { "provider", attempt.Provider }, { "won", attempt.Outcome is TraceAttempt.Answered or TraceAttempt.Failed } });
            }

            if (attempt.Outcome == TraceAttempt.FailedOver && i + 1 < attempts.Count)
            {
                _failovers.Add(1, new TagList
                {
                    { "from_provider", attempt.Provider },
                    { "to_provider", attempts[i + 1].Provider },
                    { "status", attempt.Status ?? 0 },
                });
            }
        }
    }

    /// <param name="model">The requested model's label from <see cref="ModelLabels"/>: never the client's string unchecked.</param>
    public void Record(TraceRecord trace, string model)
    {
        var tags = new TagList
        {
            { "provider", trace.Provider ?? "none" },
            { "model", model },
            { "protocol", trace.ClientProtocol },
            { "status", trace.Status },
        };
        _requests.Add(1, tags);
        _duration.Record(trace.LatencyMs / 1000.0, tags);
        if (trace.TimeToFirstTokenMs is { } ttft)
        {
            _firstToken.Record(ttft / 1000.0, tags);
        }

        if (trace.ErrorCode is { } code && code.StartsWith("provider.", StringComparison.Ordinal))
        {
            _upstreamErrors.Add(1, new TagList { { "provider", trace.Provider ?? "none" }, { "status", trace.Status }, { "code", code } });
        }

        var usageTags = new TagList { { "provider", trace.Provider ?? "none" }, { "model", model } };
        AddTokens(trace.InputTokens, "input", usageTags);
        AddTokens(trace.OutputTokens, "output", usageTags);
        AddTokens(trace.CachedInputTokens, "cached_input", usageTags);
        AddTokens(trace.CacheWriteTokens, "cache_write", usageTags);
        AddTokens(trace.ReasoningTokens, "reasoning", usageTags);
        if (trace.CostUsd is { } cost && cost > 0)
        {
            _cost.Add((double)cost, usageTags);
        }
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// `godex_instructions_cache_bytes` and `_entries`: what the instructions cache holds; and
    /// `godex_instructions_cache_evictions_total{reason}`: entries dropped for the total bound (capacity),
    /// a key's bound (key_capacity), their TTL (expired), or not kept because one alone exceeds a bound
    /// (too_large). Read from the cache at each collection.
    /// </summary>
    public void ObserveInstructionsCache(Sessions.InstructionsCache cache)
    {
        _meter.CreateObservableGauge("godex.instructions_cache.bytes", () => cache.Bytes, "By", "Bytes the instructions cache holds (two per character, plus a fixed overhead per entry).");
        _meter.CreateObservableGauge("godex.instructions_cache.entries", () => cache.Count, description: "Sessions whose instructions are cached.");
        _meter.CreateObservableCounter("godex.instructions_cache.evictions", () => new Measurement<long>[]
        {
            new(cache.EvictedForCapacity, new KeyValuePair<string, object?>("reason", "capacity")),
            new(cache.EvictedForKeyCapacity, new KeyValuePair<string, object?>("reason", "key_capacity")),
            new(cache.Expired, new KeyValuePair<string, object?>("reason", "expired")),
            new(cache.TooLarge, new KeyValuePair<string, object?>("reason", "too_large")),
        }, description: "Instructions dropped from the cache, by reason: capacity, key_capacity, expired, too_large.");
    }

    // ---- Member health: read from the pools at each collection, so the request path records nothing for them ----

    /// <summary>
    /// `godex_cooldowns_total{provider,member,reason}`: times a member was taken out, by why (retry_after,
    /// backoff, credentials, failure_rate, quota); `godex_member_state{provider,member,state}`: 1 for the
    /// state each member is in (healthy, cooling_down, unhealthy, parked_for_quota, probing), 0 for the others.
    /// </summary>
    /// <param name="pools">The pools in use now (asked at each collection, so a rebuilt set is followed).</param>
    public void ObservePools(Func<IEnumerable<Reliability.ProviderPool>> pools)
    {
        _meter.CreateObservableCounter("godex.cooldowns", () => Cooldowns(pools()), description: "Times a pool member was taken out, by reason: retry_after, backoff, credentials, failure_rate, quota.");
        _meter.CreateObservableGauge("godex.member.state", () => MemberStates(pools()), description: "1 for the state each pool member is in (healthy, cooling_down, unhealthy, parked_for_quota, probing), else 0.");
    }

    private static readonly (Reliability.CooldownReason Reason, string Name)[] CooldownReasons =
    [
        (Reliability.CooldownReason.RetryAfter, "retry_after"), (Reliability.CooldownReason.Backoff, "backoff"), (Reliability.CooldownReason.Credentials, "credentials"),
        (Reliability.CooldownReason.FailureRate, "failure_rate"), (Reliability.CooldownReason.Quota, "quota"),
    ];

    private static readonly (Reliability.MemberState State, string Name)[] MemberStateNames =
    [
        (Reliability.MemberState.Healthy, "healthy"), (Reliability.MemberState.CoolingDown, "cooling_down"), (Reliability.MemberState.Unhealthy, "unhealthy"),
        (Reliability.MemberState.ParkedForQuota, "parked_for_quota"), (Reliability.MemberState.Probing, "probing"),
    ];

    private static IEnumerable<Measurement<long>> Cooldowns(IEnumerable<Reliability.ProviderPool> pools)
    {
        foreach (var pool in pools)
        {
            foreach (var member in pool.Members)
            {
                foreach (var (reason, name) in CooldownReasons)
                {
                    yield return new Measurement<long>(member.Health.Cooldowns(reason), new("provider", pool.Name), new("member", member.Id), new("reason", name));
                }
            }
        }
    }

    private static IEnumerable<Measurement<int>> MemberStates(IEnumerable<Reliability.ProviderPool> pools)
    {
        foreach (var pool in pools)
        {
            foreach (var member in pool.Members)
            {
                var current = member.Health.Snapshot().State;
                foreach (var (state, name) in MemberStateNames)
                {
                    yield return new Measurement<int>(state == current ? 1 : 0, new("provider", pool.Name), new("member", member.Id), new("state", name));
                }
            }
        }
    }

    private void AddTokens(long count, string type, TagList tags)
    {
        if (count > 0)
        {
            tags.Add("type", type);
            _tokens.Add(count, tags);
        }
    }
}
