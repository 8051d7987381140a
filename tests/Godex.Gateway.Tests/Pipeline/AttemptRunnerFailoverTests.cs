using Godex.Gateway.Pipeline;
using Godex.Wire;

using static Godex.Gateway.Tests.Pipeline.Attempts;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>The attempt runner over two scripted candidates: what fails over, what the client sees, what is recorded.</summary>
public sealed class AttemptRunnerFailoverTests
{
    [Fact]
    public async Task First_candidate_throwing_before_its_first_event_hands_the_request_to_the_second()
    {
        var first = ScriptedProvider.Throwing("first", 503);
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);

        var events = await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        Assert.Equal(ScriptedProvider.Answer("second", "Paris"), events);
        AssertHandedOver(context);
    }

    [Fact]
    public async Task First_candidate_failing_with_an_event_before_showing_anything_hands_the_request_to_the_second()
    {
        var first = new ScriptedProvider("first",
            new Emit(new ResponseStarted("first", "model", DateTimeOffset.UnixEpoch)),
            new Emit(new PartStarted(0, PartKind.Text)),
            new Emit(new ResponseFailed(ScriptedProvider.Error(502))));
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);

        var events = await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        Assert.Equal(ScriptedProvider.Answer("second", "Paris"), events);
        Assert.True(first.StreamLeft);
        AssertHandedOver(context);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(500)]
    public async Task Rate_limits_server_errors_and_refused_credentials_fail_over(int status)
    {
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(ScriptedProvider.Throwing("first", status), second);

        var events = await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        Assert.Equal("Paris", Text(events));
        Assert.Equal(status, context.Attempts[0].Failure?.Status);
        Assert.Same(second, context.Route?.Provider);
    }

    [Fact]
    public async Task The_last_candidates_failure_before_its_first_event_surfaces_with_nothing_left_to_try()
    {
        var last = ScriptedProvider.Throwing("second", 502);
        var context = Routed(ScriptedProvider.Throwing("first", 503), last);

        var thrown = await Assert.ThrowsAsync<GodexException>(() => CollectAsync(Runner().RunAsync(context, CancellationToken.None)));

        Assert.Equal(502, thrown.Error.Status);
        Assert.Single(last.Calls);
        Assert.Equal(503, context.Attempts[0].Failure?.Status);
        Assert.True(context.Attempts[1].Committed);
        Assert.Same(last, context.Route?.Provider);
    }

    [Fact]
    public async Task A_failure_event_after_the_first_text_reaches_the_client_and_the_second_candidate_is_never_called()
    {
        var failure = ScriptedProvider.Error(502);
        var first = new ScriptedProvider("first",
            new Emit(new ResponseStarted("first", "model", DateTimeOffset.UnixEpoch)),
            new Emit(new PartStarted(0, PartKind.Text)),
            new Emit(new TextDelta(0, "Par")),
            new Emit(new ResponseFailed(failure)));
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);

        var events = await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        Assert.Equal("Par", Text(events));
        Assert.Equal(failure, Assert.IsType<ResponseFailed>(events[^1]).Error);
        Assert.Empty(second.Calls);
        var attempt = Assert.Single(context.Attempts);
        Assert.True(attempt.Committed);
        Assert.Null(attempt.Failure);
        Assert.Same(first, context.Route?.Provider);
    }

    [Fact]
    public async Task A_throw_after_the_first_text_surfaces_after_that_text_and_the_second_candidate_is_never_called()
    {
        var first = new ScriptedProvider("first",
            new Emit(new ResponseStarted("first", "model", DateTimeOffset.UnixEpoch)),
            new Emit(new PartStarted(0, PartKind.Text)),
            new Emit(new TextDelta(0, "Par")),
            new Throw(ScriptedProvider.Error(503)));
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);
        var seen = new List<StreamEvent>();

        var thrown = await Assert.ThrowsAsync<GodexException>(async () =>
        {
            await foreach (var streamEvent in Runner().RunAsync(context, CancellationToken.None))
            {
                seen.Add(streamEvent);
            }
        });

        Assert.Equal(503, thrown.Error.Status);
        Assert.Equal("Par", Text(seen));
        Assert.Empty(second.Calls);
        Assert.True(Assert.Single(context.Attempts).Committed);
    }

    [Fact]
    public async Task A_bad_request_thrown_by_the_first_candidate_is_not_failed_over()
    {
        var first = ScriptedProvider.Throwing("first", 400);
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);

        var thrown = await Assert.ThrowsAsync<GodexException>(() => CollectAsync(Runner().RunAsync(context, CancellationToken.None)));

        Assert.Equal(400, thrown.Error.Status);
        Assert.Empty(second.Calls);
        var attempt = Assert.Single(context.Attempts);
        Assert.Null(attempt.Failure);
        Assert.True(attempt.Committed); // the client got its refusal: the trace names the provider that refused
        Assert.Same(first, context.Route?.Provider);
    }

    [Fact]
    public async Task A_not_found_failure_event_from_the_first_candidate_reaches_the_client_in_order()
    {
        var failure = ScriptedProvider.Error(404);
        var first = new ScriptedProvider("first",
            new Emit(new ResponseStarted("first", "model", DateTimeOffset.UnixEpoch)),
            new Emit(new ResponseFailed(failure)));
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);

        var events = await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        StreamEvent[] expected = [new ResponseStarted("first", "model", DateTimeOffset.UnixEpoch), new ResponseFailed(failure)];
        Assert.Equal(expected, events);
        Assert.Empty(second.Calls);
        Assert.True(Assert.Single(context.Attempts).Committed);
        Assert.Same(first, context.Route?.Provider);
    }

    [Fact]
    public async Task Every_attempt_is_sent_the_request_planned_for_it_with_the_clients_key()
    {
        var first = ScriptedProvider.Throwing("first", 503);
        var second = ScriptedProvider.Answering("second", "Paris");
        var context = Routed(first, second);
        context.ProviderKey = "sk-client";

        await CollectAsync(Runner().RunAsync(context, CancellationToken.None));

        var call = Assert.Single(second.Calls);
        Assert.Equal("sk-client", call.ClientKey);
        Assert.Same(context.Attempts[1].Sent, call.Request);
        Assert.Same(context.Sent, call.Request);
        Assert.Equal("What is the capital of France?", ((TextPart)call.Request.Messages[0].Parts[0]).Text);
    }

    private static void AssertHandedOver(GatewayContext context)
    {
        Assert.Collection(context.Attempts,
            failed =>
            {
                Assert.Equal("first", failed.Route.Provider.Name);
                Assert.NotNull(failed.Failure);
                Assert.False(failed.Committed);
            },
            committed =>
            {
                Assert.Equal("second", committed.Route.Provider.Name);
                Assert.Null(committed.Failure);
                Assert.True(committed.Committed);
            });
        Assert.Same(context.Plan!.Candidates[1], context.Route);
        Assert.Same(context.Attempts[1].Sent, context.Sent);
    }
}
