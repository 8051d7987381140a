using System.Threading.Channels;

namespace Godex.Gateway.Common;

/// <summary>The queue a <see cref="BatchWriter{T}"/> drains.</summary>
public interface IBatchSource<T>
{
    ChannelReader<T> Reader { get; }

    /// <summary>No more items: the writer drains what is queued and stops.</summary>
    void Complete();
}
