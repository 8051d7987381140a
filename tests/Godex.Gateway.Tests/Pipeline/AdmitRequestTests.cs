using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Security;
using Godex.Gateway.Security.Limits;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

namespace Godex.Gateway.Tests.Pipeline;

public sealed class AdmitRequestTests
{
    private static readonly ChatRequest Hello = new() { Model = "gpt-4o", Messages = [new ChatMessage(ChatRole.User, [new TextPart("hi")])] };

    [Fact]
    public async Task Without_limits_the_step_allocates_nothing_and_holds_nothing()
    {
        var step = new AdmitRequest(new GodexConfig(), new RateLimits(TimeProvider.System), new TokenEstimator());
        var context = KeyContext(KeyLimits.None);
        await step.RunAsync(context, CancellationToken.None); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            await step.RunAsync(context, CancellationToken.None);
            AdmitRequest.Finish(context);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Null(context.Admission);
        Assert.Null(context.LimitHeaders);
    }

    [Fact]
    public async Task A_keys_own_figures_win_and_the_defaults_fill_the_rest()
    {
        var config = new GodexConfig { Limits = new LimitsConfig { PerKey = new RateLimitConfig { Rpm = 1, MaxConcurrent = 5 } } };
        var step = new AdmitRequest(config, new RateLimits(TimeProvider.System), new TokenEstimator());

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
        var step = new AdmitRequest(config, new RateLimits(TimeProvider.System), new TokenEstimator());

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

    private static GatewayContext KeyContext(KeyLimits limits) => new("r", "openai-chat", 0)
    {
        CallerKeyId = "key-0",
        StateOwner = "key:0123",
        Limits = limits,
        Request = Hello,
        RequestedModel = "gpt-4o",
    };
}
