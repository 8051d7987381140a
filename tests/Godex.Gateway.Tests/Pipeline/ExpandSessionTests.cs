using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Sessions;
using Godex.Wire;
using Godex.Wire.Responses;

namespace Godex.Gateway.Tests.Pipeline;

public sealed class ExpandSessionTests : IDisposable
{
    private static readonly GodexConfig Config = new()
    {
        Providers = new Dictionary<string, ProviderConfig>
        {
            ["state"] = new() { Name = "state", Type = "openai-responses", BaseUrl = "https://api.example.com/v1", Stateful = true },
            ["other"] = new() { Name = "other", Type = "mock" },
        },
    };

    private readonly SessionsOnSqlite _sessions = new(Config);

    public void Dispose() => _sessions.Dispose();

    [Fact]
    public async Task A_request_without_a_session_is_left_as_it_is()
    {
        var context = Attempts.Routed(new ScriptedProvider("other"), new ScriptedProvider("state"));
        var (request, plan) = (context.Request, context.Plan);

        await new ExpandSession(_sessions.Sessions).RunAsync(context, CancellationToken.None);

        Assert.Null(context.Turn);
        Assert.Same(request, context.Request);
        Assert.Same(plan, context.Plan);
    }

    [Fact]
    public async Task A_session_turn_sends_on_its_expanded_conversation_and_keeps_a_stateless_plan()
    {
        await _sessions.Responses.SaveAsync(new StoredResponse
        {
            Id = "resp_parent",
            Status = ResponseStatus.Completed,
            Input = [ChatMessage.Text(ChatRole.User, "Hi")],
            Output = [new TextPart("Hello!")],
            SessionKey = "session",
            Provider = "other",
        }, CancellationToken.None);
        var context = Attempts.Routed(new ScriptedProvider("other"), new ScriptedProvider("state"));
        context.SessionKey = "session";
        context.Request = context.Request! with { Extensions = PreviousResponse("resp_parent") };
        var plan = context.Plan;

        await new ExpandSession(_sessions.Sessions).RunAsync(context, CancellationToken.None);

        var turn = Assert.IsType<SessionTurn>(context.Turn);
        Assert.Same(turn.Upstream, context.Request);
        Assert.Equal("resp_parent", turn.ParentId);
        Assert.Equal(["Hi", "Hello!", "What is the capital of France?"], context.Request!.Messages.Select(message => ((TextPart)message.Parts[0]).Text));
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], context.Request.Messages.Select(message => message.Role));
        Assert.False(turn.Stateful);
        Assert.Same(plan, context.Plan);
    }

    [Fact]
    public async Task A_turn_for_a_stateful_provider_keeps_the_plan_to_that_provider()
    {
        var context = Attempts.Routed(new ScriptedProvider("state"), new ScriptedProvider("other"), new ScriptedProvider("state"));
        context.SessionKey = "session";

        await new ExpandSession(_sessions.Sessions).RunAsync(context, CancellationToken.None);

        Assert.True(context.Turn!.Stateful);
        Assert.Equal("state", context.Turn.Provider);
        Assert.Equal(["state", "state"], context.Plan!.Candidates.Select(candidate => candidate.Provider.Name));
    }

    private static ExtensionBag PreviousResponse(string id) =>
        new(ResponsesProtocol.Name, new Dictionary<string, JsonElement> { ["previous_response_id"] = JsonSerializer.SerializeToElement(id) });
}
