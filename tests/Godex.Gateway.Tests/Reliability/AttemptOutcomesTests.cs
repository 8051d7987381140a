using Godex.Gateway.Failover;
using Godex.Gateway.Reliability;
using Godex.Wire;

namespace Godex.Gateway.Tests.Reliability;

public sealed class AttemptOutcomesTests
{
    [Theory]
    [InlineData(400, "bridge.invalid_request", AttemptOutcome.Stop)]
    [InlineData(404, "routing.model_not_found", AttemptOutcome.Stop)]
    [InlineData(413, "provider.refused", AttemptOutcome.Stop)]
    [InlineData(422, "provider.refused", AttemptOutcome.Stop)]
    [InlineData(429, "provider.rate_limited", AttemptOutcome.TryNext)]
    [InlineData(500, "provider.upstream_error", AttemptOutcome.TryNext)]
    [InlineData(502, "provider.unreachable", AttemptOutcome.TryNext)]
    [InlineData(503, "provider.overloaded", AttemptOutcome.TryNext)]
    [InlineData(504, "provider.timeout", AttemptOutcome.TryNext)]
    [InlineData(401, "provider.unauthorized", AttemptOutcome.SkipProvider)]
    [InlineData(403, "provider.forbidden", AttemptOutcome.SkipProvider)]
    [InlineData(503, "provider.unavailable", AttemptOutcome.SkipProvider)]
    [InlineData(401, "provider.login_expired", AttemptOutcome.SkipProvider)]
    [InlineData(502, "provider.token_refresh_failed", AttemptOutcome.SkipProvider)]
    public void A_failure_is_classified_by_its_status_and_login_codes(int status, string code, AttemptOutcome outcome) =>
        Assert.Equal(outcome, AttemptOutcomes.Classify(new GodexError(status, code, "failed")));
}
