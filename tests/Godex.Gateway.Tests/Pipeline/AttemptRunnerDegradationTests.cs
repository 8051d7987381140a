using Godex.Gateway.Specs;

using static Godex.Gateway.Tests.Pipeline.Attempts;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>Each attempt is planned for its own provider; only the committed attempt's changes become the request's.</summary>
public sealed class AttemptRunnerDegradationTests
{
    /// <summary>A spec whose upstream requires instructions: planning sends its default and records a degradation.</summary>
    private static readonly ProviderSpec NeedsInstructions = BuiltInSpecs.For("mock") with { DefaultInstructions = "Be helpful." };

    [Fact]
    public async Task Degradations_of_a_failed_attempt_stay_on_its_record_and_off_the_request()
    {
        var first = new ScriptedProvider("first", new Throw(ScriptedProvider.Error(503))) { Spec = NeedsInstructions };
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);

        await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        Assert.NotEmpty(context.Attempts[0].Degradations);
        Assert.Equal("Be helpful.", context.Attempts[0].Sent.Instructions);
        Assert.Empty(context.Degradations);
        Assert.Null(Assert.Single(second.Calls).Request.Instructions);
    }

    [Fact]
    public async Task Degradations_of_the_committed_attempt_land_on_the_request()
    {
        var second = new ScriptedProvider("second", [.. ScriptedProvider.Answer("second", "Paris").Select(e => new Emit(e))]) { Spec = NeedsInstructions };
        var context = Routed(ScriptedProvider.Throwing("first", 503), second);

        await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        Assert.Empty(context.Attempts[0].Degradations);
        Assert.NotEmpty(context.Degradations);
        Assert.Equal(context.Attempts[1].Degradations, context.Degradations);
        Assert.Equal("Be helpful.", Assert.Single(second.Calls).Request.Instructions);
    }
}
