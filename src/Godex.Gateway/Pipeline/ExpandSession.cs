using Godex.Gateway.Sessions;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// For a request with a Responses session: begins its turn (previous_response_id expanded into the
/// conversation, omitted instructions filled in) and sends that on. A turn continuing a conversation a
/// stateful provider holds keeps that provider: the plan loses every other candidate.
/// </summary>
public sealed class ExpandSession(ResponseSessions sessions) : IRequestStep
{
    public async ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        if (context.SessionKey is not { } sessionKey)
        {
            return;
        }

        var plan = context.Plan!;
        var turn = await sessions.BeginAsync(context.Request!, sessionKey, context.StateOwner, plan.First.Provider.Name, cancellationToken);
        context.Turn = turn;
        context.Request = turn.Upstream;
        if (turn.Stateful)
        {
            context.Plan = plan.KeepOnly(turn.Provider);
        }
    }
}
