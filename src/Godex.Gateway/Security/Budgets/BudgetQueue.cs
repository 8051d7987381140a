using System.Threading.Channels;

using Godex.Gateway.Common;

namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// Charges on their way to the ledger, off the request path. Unbounded on purpose: a charge is a
/// few dozen bytes and dropping one would let a key spend past its budget after a restart.
/// </summary>
public sealed class BudgetQueue : IBatchSource<BudgetCharge>
{
    private readonly Channel<BudgetCharge> _channel = Channel.CreateUnbounded<BudgetCharge>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<BudgetCharge> Reader => _channel.Reader;

    public void Add(BudgetCharge charge) => _channel.Writer.TryWrite(charge);

    public void Complete() => _channel.Writer.TryComplete();
}
