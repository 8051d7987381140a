namespace Godex.Gateway.Pipeline;

/// <summary>
/// One job between the front door and the attempts, run in registration order (see GatewayServices):
/// it reads the <see cref="GatewayContext"/> and enriches it, or throws a <see cref="Wire.GodexException"/>
/// to refuse the request in the client's protocol. Admission (rate limits, budgets) is a step to add here.
/// </summary>
public interface IRequestStep
{
    ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken);
}
