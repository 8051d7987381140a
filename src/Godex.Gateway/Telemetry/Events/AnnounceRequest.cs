using Godex.Gateway.Pipeline;

namespace Godex.Gateway.Telemetry.Events;

/// <summary>
/// The request step that tells the live events a request started, once its plan is known (after the
/// key's scope is applied, so the provider shown is one it may use). Nothing is built when nobody listens.
/// </summary>
public sealed class AnnounceRequest(GatewayEvents events) : IRequestStep
{
    public ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        if (events.Listening)
        {
            var first = context.Plan?.First;
            events.Publish(new RequestStarted(events.Time.GetUtcNow(), context.RequestId, context.ClientProtocol, context.CallerKeyId, context.RequestedModel ?? "", first?.Provider.Name, first?.Member?.Id, context.Stream));
        }

        return ValueTask.CompletedTask;
    }
}
