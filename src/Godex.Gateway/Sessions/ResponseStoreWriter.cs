using Godex.Gateway.Common;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Sessions;

/// <summary>
/// Writes the response queue's changes to the store, for a <see cref="BatchWriter{T}"/>: saves in
/// batches, each delete on its own in queue order (after the saves queued before it). A write that
/// commits, or is given up after the last retry (and logged), is settled in the queue.
/// </summary>
public sealed partial class ResponseStoreWriter(ResponseQueue queue, IResponseStore store, ILogger<ResponseStoreWriter> logger) : IBatchSink<SessionWrite>
{
    public static readonly BatchWriterOptions Batching = new("godex-response-writer", BatchSize: 200);

    private readonly List<StoredResponse> _saves = new(Batching.BatchSize);

    // What the last delete found; the writer runs one batch at a time, so Written reads its own.
    private bool _deleted;

    public bool WritesAlone(SessionWrite write) => write is DeleteResponse;

    public async Task WriteAsync(IReadOnlyList<SessionWrite> batch, CancellationToken cancellationToken)
    {
        if (batch is [DeleteResponse delete])
        {
            _deleted = await store.DeleteAsync(delete.Id, cancellationToken);
            return;
        }

        _saves.Clear();
        foreach (var write in batch)
        {
            _saves.Add(((SaveResponse)write).Response);
        }

        await store.WriteAsync(_saves, cancellationToken);
    }

    public void Written(IReadOnlyList<SessionWrite> batch) => Settle(batch, committed: true, _deleted);

    public void Failed(IReadOnlyList<SessionWrite> batch, Exception exception, int attempt) =>
        LogWriteFailed(logger, exception, batch is [DeleteResponse] ? "delete" : "save", batch.Count, attempt);

    public void GivenUp(IReadOnlyList<SessionWrite> batch) => Settle(batch, committed: false, deleted: false);

    private void Settle(IReadOnlyList<SessionWrite> batch, bool committed, bool deleted)
    {
        foreach (var write in batch)
        {
            switch (write)
            {
                case SaveResponse save:
                    queue.Settled(save.Response.Id, save.Response);
                    save.Stored.TrySetResult(committed);
                    break;
                case DeleteResponse delete:
                    queue.Settled(delete.Id, null);
                    delete.Done.TrySetResult(deleted);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored responses: {Operation} of {Count} failed (attempt {Attempt})")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string operation, int count, int attempt);
}
