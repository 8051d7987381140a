using System.Collections.Concurrent;
using System.Threading.Channels;

using Godex.Gateway.Common;
using Godex.Gateway.Configuration;

namespace Godex.Gateway.Sessions;

/// <summary>A change for the background writer: store a response, or delete one (in order with the stores before it).</summary>
public abstract record SessionWrite;

public sealed record SaveResponse(StoredResponse Response) : SessionWrite
{
    /// <summary>Completes once the write has committed (true) or was given up after its last attempt (false).</summary>
    public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed record DeleteResponse(string Id) : SessionWrite
{
    /// <summary>Completes with whether a stored row was deleted, once the delete has committed.</summary>
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Hands response writes to <see cref="ResponseStoreWriter"/> through a bounded channel, so no request
/// opens a connection or holds a transaction, and keeps every write that has not committed yet in a map
/// by id: a read that misses the store checks here, so the next turn always sees the previous one. A
/// save's task says when its write committed; the writer commits what is queued in one transaction, so
/// concurrent requests waiting on theirs share one commit (group commit). A full queue makes the request
/// wait (unlike traces, a lost response would break its conversation).
/// </summary>
public sealed class ResponseQueue : IBatchSource<SessionWrite>
{
    private readonly Channel<SessionWrite> _channel;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    public ResponseQueue(GodexConfig config)
    {
        _channel = Channel.CreateBounded<SessionWrite>(new BoundedChannelOptions(config.Sessions.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<SessionWrite> Reader => _channel.Reader;

    /// <summary>Queues a save; the task it returns completes once the write has committed (true) or was given up (false).</summary>
    public async ValueTask<Task<bool>> SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        var write = new SaveResponse(response);
        _pending[response.Id] = new Pending(response);
        await _channel.Writer.WriteAsync(write, cancellationToken);
        return write.Stored.Task;
    }

    /// <summary>Queues a delete; until it commits the id reads as gone.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var write = new DeleteResponse(id);
        _pending[id] = new Pending(null);
        await _channel.Writer.WriteAsync(write, cancellationToken);
        return await write.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// True when the id has a write in flight: <paramref name="response"/> is the response to be
    /// stored, or null when a delete is.
    /// </summary>
    public bool TryGetPending(string id, out StoredResponse? response)
    {
        if (_pending.TryGetValue(id, out var pending))
        {
            response = pending.Response;
            return true;
        }

        response = null;
        return false;
    }

    /// <summary>Responses not yet committed (for finding a tool call by id).</summary>
    public IEnumerable<StoredResponse> PendingResponses()
    {
        foreach (var pending in _pending.Values)
        {
            if (pending.Response is { } response)
            {
                yield return response;
            }
        }
    }

    /// <summary>The write for this id reached the store (or was given up): reads go to the store again, unless a newer write for the id came in.</summary>
    public void Settled(string id, StoredResponse? response)
    {
        if (_pending.TryGetValue(id, out var pending) && ReferenceEquals(pending.Response, response))
        {
            _pending.TryRemove(KeyValuePair.Create(id, pending));
        }
    }

    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>A reference-compared holder, so settling removes only the entry it wrote.</summary>
    private sealed class Pending(StoredResponse? response)
    {
        public StoredResponse? Response { get; } = response;
    }
}
