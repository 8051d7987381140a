using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Security;
using Godex.Gateway.Security.Budgets;
using Godex.Gateway.Security.Limits;
using Godex.Gateway.Storage.Sqlite;
using Godex.Gateway.Telemetry;
using Godex.Gateway.Telemetry.Prices;
using Godex.Gateway.Tests.Infrastructure;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

namespace Godex.Gateway.Tests.Pipeline;

public sealed class AdmitRequestTests
{
    private static readonly ChatRequest Hello = new() { Model = "gpt-4o", Messages = [new ChatMessage(ChatRole.User, [new TextPart("hi")])] };

    [Fact]
    public async Task Without_limits_the_step_allocates_nothing_and_holds_nothing()
    {
        var step = Step(new GodexConfig());
        var context = KeyContext(KeyLimits.None);
        await step.RunAsync(context, CancellationToken.None); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            await step.RunAsync(context, CancellationToken.None);
            AdmitRequest.Finish(context, Spent);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Null(context.Admission);
        Assert.Null(context.LimitHeaders);
    }

    [Fact]
    public async Task A_keys_own_figures_win_and_the_defaults_fill_the_rest()
    {
        var config = new GodexConfig { Limits = new LimitsConfig { PerKey = new RateLimitConfig { Rpm = 1, MaxConcurrent = 5 } } };
        var step = Step(config);

        var own = KeyContext(new KeyLimits { RequestsPerMinute = 2 });
        await step.RunAsync(own, CancellationToken.None);
        await step.RunAsync(KeyContext(new KeyLimits { RequestsPerMinute = 2 }), CancellationToken.None);
        var third = await Assert.ThrowsAsync<GodexException>(() => step.RunAsync(KeyContext(new KeyLimits { RequestsPerMinute = 2 }), CancellationToken.None).AsTask());

        Assert.Equal("limit.requests_per_minute", third.Error.Code);
        Assert.Contains(new KeyValuePair<string, string>("x-ratelimit-limit-requests", "2"), own.LimitHeaders!);
    }

    [Fact]
    public async Task Token_counts_and_keyless_callers_are_not_charged_by_key_limits()
    {
        var config = new GodexConfig { Limits = new LimitsConfig { PerKey = new RateLimitConfig { Rpm = 1 } } };
        var step = Step(config);

        for (var i = 0; i < 3; i++)
        {
            var counting = KeyContext(KeyLimits.None);
            counting.CountingTokens = true;
            await step.RunAsync(counting, CancellationToken.None);
            Assert.Null(counting.Admission);
            var loopback = new GatewayContext("r", "openai-chat", 0) { CallerKeyId = "loopback", Request = Hello, RequestedModel = "gpt-4o" };
            await step.RunAsync(loopback, CancellationToken.None);
            Assert.Null(loopback.Admission);
        }

        var first = KeyContext(KeyLimits.None);
        await step.RunAsync(first, CancellationToken.None);
        Assert.NotNull(first.Admission);
    }

    [Fact]
    public async Task A_token_quota_refuses_once_spent_and_counts_reservations_in_flight()
    {
        var config = new GodexConfig { Limits = new LimitsConfig { PerKeyBudget = new BudgetRule { TokenQuota = 2000, Window = "1d" } } };
        var step = Step(config);

        // Each request reserves its input estimate plus 1024 for its answer; one is let in while there is room, so the third finds none while two are in flight.
        var first = KeyContext(KeyLimits.None);
        await step.RunAsync(first, CancellationToken.None);
        var second = KeyContext(KeyLimits.None);
        await step.RunAsync(second, CancellationToken.None);
        var held = await Assert.ThrowsAsync<GodexException>(() => step.RunAsync(KeyContext(KeyLimits.None), CancellationToken.None).AsTask());
        Assert.Equal("limit.token_quota_exhausted", held.Error.Code);
        Assert.Contains("reserved by requests in flight", held.Error.Message, StringComparison.Ordinal);
        Assert.Equal("1", held.Error.RetryAfter);

        // Settling charges what was billed, once however often it is called.
        var billed = new RequestCharge(new Usage { InputTokens = 1000, OutputTokens = 500 }, null, false) { Billed = true };
        AdmitRequest.Finish(first, billed);
        AdmitRequest.Finish(first, billed);
        AdmitRequest.Finish(second, billed);
        Assert.Contains(new KeyValuePair<string, string>(BudgetRefusal.RemainingTokensHeader, "0"), second.LimitHeaders!);

        var spent = await Assert.ThrowsAsync<GodexException>(() => step.RunAsync(KeyContext(KeyLimits.None), CancellationToken.None).AsTask());
        Assert.Contains("token quota of 2000 tokens per 1d is spent (3000 tokens used, key.token_quota)", spent.Error.Message, StringComparison.Ordinal);
        Assert.True(spent.Error.QuotaExhausted);
        Assert.Equal(429, spent.Error.Status);
    }

    [Fact]
    public async Task A_failure_before_any_output_costs_nothing_and_a_rate_refusal_releases_the_budget()
    {
        var clock = new ManualClock();
        var config = new GodexConfig { Limits = new LimitsConfig { PerKey = new RateLimitConfig { Rpm = 1 }, PerKeyBudget = new BudgetRule { TokenQuota = 1100, Window = "1d" }, BudgetStatus = 402 } };
        var step = Step(config, clock);

        var failed = KeyContext(KeyLimits.None);
        await step.RunAsync(failed, CancellationToken.None);
        AdmitRequest.Finish(failed, new RequestCharge(new Usage { InputTokens = 900, Estimated = true }, null, false) { Billed = false });

        // Refused by the rpm limit after the budget reserved: the reservation must not linger.
        var rated = await Assert.ThrowsAsync<GodexException>(() => step.RunAsync(KeyContext(KeyLimits.None), CancellationToken.None).AsTask());
        Assert.Equal("limit.requests_per_minute", rated.Error.Code);

        clock.Advance(TimeSpan.FromMinutes(2));
        var admitted = KeyContext(KeyLimits.None);
        await step.RunAsync(admitted, CancellationToken.None); // room for one reservation only: none left behind
        AdmitRequest.Finish(admitted, new RequestCharge(new Usage { InputTokens = 1000, OutputTokens = 200 }, null, false) { Billed = true });

        clock.Advance(TimeSpan.FromMinutes(2));
        var refused = await Assert.ThrowsAsync<GodexException>(() => step.RunAsync(KeyContext(KeyLimits.None), CancellationToken.None).AsTask());
        Assert.Equal(402, refused.Error.Status);
        Assert.Contains("resets at 2026-11-25T00:00:00Z", refused.Error.Message, StringComparison.Ordinal);

        // A new window starts from nothing.
        clock.Advance(TimeSpan.FromHours(12));
        await step.RunAsync(KeyContext(KeyLimits.None), CancellationToken.None);
    }

    private static readonly RequestCharge Spent = new(null, null, false);

    private static AdmitRequest Step(GodexConfig config, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var database = new SqliteDatabase(Path.Combine(Path.GetTempPath(), "godex-unit-" + Guid.NewGuid().ToString("N")[..12], "godex.db"));
        var store = new SqlBudgetStore(database);
        store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new AdmitRequest(config, new RateLimits(time), new KeyBudgets(store, new BudgetQueue(), time), new SessionBudgets(), new PriceCatalogue(config), new TokenEstimator());
    }

    private static GatewayContext KeyContext(KeyLimits limits) => new("r", "openai-chat", 0)
    {
        CallerKeyId = "key-0",
        StateOwner = "key:0123",
        Limits = limits,
        Request = Hello,
        RequestedModel = "gpt-4o",
    };
}
