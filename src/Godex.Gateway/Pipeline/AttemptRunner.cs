using Godex.Gateway.Compatibility;
using Godex.Gateway.Configuration;
using Godex.Gateway.Failover;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Gateway.Routing;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// Runs the plan's candidates through the <see cref="FailoverLoop"/>: each attempt plans the request
/// for its candidate's provider (compatibility, required instructions), calls it, and is recorded on
/// <see cref="GatewayContext.Attempts"/>. Only the committed attempt's route, request and degradations
/// become the request's; what watches the answer (usage, events) wraps the runner's output, so a
/// failed attempt is counted once, as an attempt.
/// </summary>
public sealed partial class AttemptRunner(RequiredInstructions instructions, TokenEstimator estimator, LiveRouting live, TimeProvider time, ILogger<AttemptRunner> logger)
{
    public IAsyncEnumerable<StreamEvent> RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var attempts = new Attempts(this, context);
        var plan = context.Plan!;
        var hedging = plan.Hedge is { } hedge ? new Hedging(hedge, time) : null;
        return FailoverLoop.StreamAsync(plan.Candidates, route => Start(route, attempts, cancellationToken), attempts, cancellationToken, context.Stream ? live.Current.Config.Routing.Commit : CommitPoint.WholeAnswer, hedging);
    }

    /// <summary>
    /// One attempt's events. A pool member's are watched for its health, load and speed; a member tried
    /// again waits a jittered, growing backoff first. Anything else goes out untouched.
    /// </summary>
    private IAsyncEnumerable<StreamEvent> Start(Route route, Attempts attempts, CancellationToken cancellationToken)
    {
        var tries = attempts.TriesOf(route);
        var backoff = Backoff(tries);
        var events = route.Provider.AnswerAsync(attempts.Begin(route, tries, backoff), cancellationToken);
        return route.Member is null && tries == 0 ? events : MemberAttempt.WatchAsync(route.Member, events, backoff, time, cancellationToken);
    }

    private TimeSpan Backoff(int tries)
    {
        if (tries == 0)
        {
            return TimeSpan.Zero;
        }

        var retries = live.Current.Config.Routing.Retries;
        var ceiling = Math.Min(retries.MaxBackoffMs, retries.BackoffMs * Math.Pow(2, Math.Min(tries - 1, 20)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2)); // jitter: half to all of it
    }

    /// <summary>Input tokens: the first candidate that counts them, else a local estimate of what the committed one was sent (flagged).</summary>
    public async Task<TokenCount> CountAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var attempts = new Attempts(this, context);
        var counted = await FailoverLoop.CallAsync(context.Plan!.Candidates, route => route.Provider.CountTokensAsync(attempts.Begin(route, attempts.TriesOf(route), TimeSpan.Zero), cancellationToken), attempts);
        return counted is { } tokens ? new TokenCount(tokens, Estimated: false) : new TokenCount(estimator.Count(context.Sent!), Estimated: true);
    }

    private ChatRequest PlanFor(GatewayContext context, Route route, List<string> degradations)
    {
        var spec = route.Provider.Spec;
        var planned = CompatibilityPlanner.Plan(context.Request! with { Model = route.UpstreamModel }, spec, route.Provider.Name, context.ClientProtocol, degradations);
        return instructions.Apply(planned, spec, context.SessionKey, context.StateOwner, degradations);
    }

    private long Now() => time.GetTimestamp();

    private void LogFailover(Route candidate, GodexError error) => LogFailover(logger, candidate.Provider.Name, candidate.UpstreamModel, error.Status, error.Message);

    /// <summary>One request's attempts: the <see cref="IAttemptListener{T}"/> that records them and decides on failover.</summary>
    private sealed class Attempts(AttemptRunner runner, GatewayContext context) : IAttemptListener<Route>
    {
        private bool _hedging;

        public int TriesOf(Route route)
        {
            var tries = 0;
            foreach (var attempt in context.Attempts)
            {
                tries += attempt.Route.Provider == route.Provider && attempt.Route.UpstreamModel == route.UpstreamModel ? 1 : 0;
            }

            return tries;
        }

        /// <summary>Plans and records the attempt; <paramref name="tries"/> is how often this candidate was tried before.</summary>
        public ProviderCall Begin(Route route, int tries, TimeSpan backoff)
        {
            var reason = context.Attempts.Count == 0 ? AttemptReason.FirstChoice
                : _hedging ? AttemptReason.Hedge
                : tries > 0 ? AttemptReason.Retry
                : route.Reason == RouteReason.Fallback ? AttemptReason.Fallback
                : AttemptReason.NextMember;
            _hedging = false;
            var started = runner.Now();
            var degradations = new List<string>();
            var attempt = new AttemptRecord(route, runner.PlanFor(context, route, degradations), degradations, reason, started) { Backoff = backoff };
            context.Attempts.Add(attempt);
            return new ProviderCall(attempt.Sent) { ClientKey = context.ProviderKey ?? context.UpstreamKeys?.GetValueOrDefault(route.Provider.Name) };
        }

        public void Starting(Route candidate)
        {
        }

        public void Hedging(Route candidate) => _hedging = true;

        /// <summary>A hedge goes to another member (or another provider), never to the late one again.</summary>
        public bool HedgesWith(Route candidate, Route running) =>
            candidate.Provider != running.Provider || candidate.Member != running.Member;

        /// <summary>A context-window failure goes only to the targets kept for it (`on: context_window`), and those only take that failure.</summary>
        public bool TriedAfter(Route candidate, GodexError error) =>
            (AttemptOutcomes.Classify(error) == AttemptOutcome.ContextWindow) == (candidate.Reason == RouteReason.ContextWindowFallback);

        public bool FailsOver(Route candidate, GodexError error)
        {
            if (AttemptOutcomes.Classify(error) == AttemptOutcome.Stop)
            {
                return false;
            }

            var attempt = Of(candidate);
            attempt.Failure = error;
            attempt.EndTimestamp = runner.Now();
            runner.LogFailover(candidate, error);
            return true;
        }

        public void LostRace(Route candidate)
        {
            var attempt = Of(candidate);
            attempt.LostRace = true;
            attempt.EndTimestamp = runner.Now();
        }

        public void Committed(Route candidate)
        {
            var attempt = Of(candidate);
            attempt.Committed = true;
            context.Route = candidate;
            context.Sent = attempt.Sent;
            context.Degradations.AddRange(attempt.Degradations);
            if (context.Request!.ResponseFormat is { Kind: ResponseFormatKind.JsonSchema, Schema: { } schema } && attempt.Sent.ResponseFormat?.Kind != ResponseFormatKind.JsonSchema)
            {
                // The provider was only asked in the instructions: check the answer against the schema.
                context.AnswerSchema = schema;
                context.AnswerText = new System.Text.StringBuilder();
            }
        }

        /// <summary>The candidate's latest attempt: with a hedge two run at once, each its own member's.</summary>
        private AttemptRecord Of(Route candidate)
        {
            for (var i = context.Attempts.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(context.Attempts[i].Route, candidate))
                {
                    return context.Attempts[i];
                }
            }

            throw new InvalidOperationException("The failover loop named a candidate that was never begun.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} ({Model}) failed before answering ({Status}: {Detail}); trying the next candidate")]
    private static partial void LogFailover(ILogger logger, string provider, string model, int status, string detail);
}
