using Godex.Wire;

using static Godex.Gateway.Tests.Pipeline.Attempts;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>Token counts go through the same candidates and the same failover decision as answers.</summary>
public sealed class AttemptRunnerCountTests
{
    [Fact]
    public async Task A_count_failing_with_503_fails_over_to_the_next_candidates_own_count()
    {
        var first = new ScriptedProvider("first") { CountFailure = ScriptedProvider.Error(503) };
        var second = new ScriptedProvider("second") { TokenCount = 42 };
        var context = Routed(first, second);

        var count = await Runner().CountAsync(context, CancellationToken.None);

        Assert.Equal(new TokenCounting.TokenCount(42, Estimated: false), count);
        Assert.Single(first.CountCalls);
        Assert.Same(second, context.Route?.Provider);
        Assert.Equal(503, context.Attempts[0].Failure?.Status);
        Assert.True(context.Attempts[1].Committed);
    }

    [Fact]
    public async Task A_provider_that_cannot_count_gets_a_local_estimate_of_what_it_was_sent()
    {
        var context = Routed(new ScriptedProvider("only") { TokenCount = null });

        var count = await Runner().CountAsync(context, CancellationToken.None);

        Assert.True(count.Estimated);
        Assert.True(count.InputTokens > 0);
        Assert.Equal(Estimator.Count(context.Sent!), count.InputTokens);
    }

    [Fact]
    public async Task A_count_refused_with_400_is_not_failed_over()
    {
        var second = new ScriptedProvider("second") { TokenCount = 42 };
        var context = Routed(new ScriptedProvider("first") { CountFailure = ScriptedProvider.Error(400) }, second);

        var thrown = await Assert.ThrowsAsync<GodexException>(() => Runner().CountAsync(context, CancellationToken.None));

        Assert.Equal(400, thrown.Error.Status);
        Assert.Empty(second.CountCalls);
    }

    [Fact]
    public async Task The_last_candidates_count_failure_surfaces()
    {
        var context = Routed(
            new ScriptedProvider("first") { CountFailure = ScriptedProvider.Error(503) },
            new ScriptedProvider("second") { CountFailure = ScriptedProvider.Error(502) });

        var thrown = await Assert.ThrowsAsync<GodexException>(() => Runner().CountAsync(context, CancellationToken.None));

        Assert.Equal(502, thrown.Error.Status);
        Assert.Equal(2, context.Attempts.Count);
    }
}
