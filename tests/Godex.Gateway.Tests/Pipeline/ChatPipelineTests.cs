using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Routing;
using Godex.Gateway.Tests.Configuration;
using Godex.Gateway.Tests.Routing;
using Godex.Wire;

namespace Godex.Gateway.Tests.Pipeline;

public sealed class ChatPipelineTests : IDisposable
{
    private static readonly GodexConfig Config = Yaml.Load("""
        providers:
          mock:
            type: mock
        """);

    private readonly SessionsOnSqlite _sessions = new(Config);

    public void Dispose() => _sessions.Dispose();

    [Fact]
    public async Task A_request_is_routed_by_the_steps_and_answered_by_the_provider_they_chose()
    {
        var pipeline = new ChatPipeline([new ResolvePlan(Routers.Live(Config)), new ExpandSession(_sessions.Sessions)], Attempts.Runner(), _sessions.Sessions);
        var context = new GatewayContext("req", "openai-chat", 0);
        var request = Attempts.Request() with { Model = "mock", Messages = [ChatMessage.Text(ChatRole.User, "Hello there, mock!")] };

        var events = await Attempts.CollectAsync(await pipeline.StartAsync(context, request, CancellationToken.None));

        Assert.Contains("Hello there, mock!", Attempts.Text(events), StringComparison.Ordinal);
        Assert.IsType<ResponseFinished>(events[^1]);
        Assert.True(context.Stream);
        Assert.Equal("mock", context.Route?.Provider.Name);
        Assert.True(Assert.Single(context.Attempts).Committed);
        Assert.Equal(events.Count, context.StreamEvents);
        Assert.NotNull(context.Usage);
        Assert.NotNull(context.UpstreamEndTimestamp);
    }

    [Fact]
    public async Task Steps_run_in_order_before_any_attempt_and_the_attempts_follow_the_plan_they_made()
    {
        var order = new List<string>();
        var second = ScriptedProvider.Answering("second", "Paris");
        var plan = new RoutePlan("model", [new Route(ScriptedProvider.Throwing("first", 503), "model", RouteReason.ModelList), new Route(second, "model", RouteReason.ModelList)]);
        var pipeline = new ChatPipeline([new Step("one", order, context => context.Plan = plan), new Step("two", order, context => Assert.Same(plan, context.Plan))], Attempts.Runner(), _sessions.Sessions);
        var context = new GatewayContext("req", "openai-chat", 0);

        var events = await pipeline.StartAsync(context, Attempts.Request(), CancellationToken.None);
        Assert.Equal(["one", "two"], order);
        Assert.Empty(context.Attempts);

        Assert.Equal("Paris", Attempts.Text(await Attempts.CollectAsync(events)));
        Assert.Same(second, context.Route?.Provider);
    }

    [Fact]
    public async Task A_step_that_refuses_the_request_stops_it_before_any_attempt()
    {
        var order = new List<string>();
        var refusal = GodexError.BadRequest("no");
        var pipeline = new ChatPipeline([new Step("refuse", order, _ => throw new GodexException(refusal)), new Step("after", order, _ => { })], Attempts.Runner(), _sessions.Sessions);
        var context = new GatewayContext("req", "openai-chat", 0);

        var thrown = await Assert.ThrowsAsync<GodexException>(() => pipeline.StartAsync(context, Attempts.Request(), CancellationToken.None).AsTask());

        Assert.Same(refusal, thrown.Error);
        Assert.Equal(["refuse"], order);
        Assert.Empty(context.Attempts);
    }

    /// <summary>A request step that notes its name and does <paramref name="run"/>.</summary>
    private sealed class Step(string name, List<string> order, Action<GatewayContext> run) : IRequestStep
    {
        public ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
        {
            order.Add(name);
            run(context);
            return ValueTask.CompletedTask;
        }
    }
}
