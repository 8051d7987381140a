using Godex.Wire;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Sessions;

/// <summary>
/// Reads and writes stored responses: writes go through the queue, reads look at the writes still in
/// flight first and then at the store, so a response is visible the moment it is saved. A caller sees
/// only the responses stored under its own key (another key's are "not found", so none leak by id).
/// </summary>
public sealed partial class StoredResponses(ResponseQueue queue, IResponseStore store, ILogger<StoredResponses> logger)
{
    /// <summary>
    /// How long a request waits for its response to commit before it answers anyway: a store that is
    /// down (the writer retries for a few seconds) delays answers by at most this, never fails them.
    /// </summary>
    public static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(10);

    /// <summary>Queues a response without waiting for it to commit (for a turn no client will be given the final id of).</summary>
    public async ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken) => await queue.SaveAsync(response, cancellationToken);

    /// <summary>
    /// Saves a response and returns once it has committed (at most <see cref="CommitWait"/>), so the id
    /// its caller is about to hand out survives a crash of this process. Requests waiting at the same
    /// time share one transaction. A late or failed commit is logged; the write goes on in the background.
    /// </summary>
    public async Task SaveCommittedAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        var stored = await queue.SaveAsync(response, cancellationToken);
        try
        {
            if (!await stored.WaitAsync(CommitWait, cancellationToken))
            {
                LogNotStored(logger, response.Id);
            }
        }
        catch (TimeoutException)
        {
            LogCommitLate(logger, response.Id, CommitWait.TotalSeconds);
        }
    }

    public async Task<StoredResponse?> FindAsync(string id, string? owner, CancellationToken cancellationToken)
    {
        var found = queue.TryGetPending(id, out var pending) ? pending : await store.GetAsync(id, cancellationToken);
        return found is not null && found.Owner == owner ? found : null;
    }

    /// <summary>Deletes a response; false when there was none (for this owner).</summary>
    public async Task<bool> DeleteAsync(string id, string? owner, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, owner, cancellationToken) is null)
        {
            return false;
        }

        // Queued behind any save of the same id, so the row cannot come back after the delete.
        await queue.DeleteAsync(id, cancellationToken);
        return true;
    }

    /// <summary>
    /// The response and its ancestors, newest first, at most <paramref name="maxLinks"/> parent links
    /// deep: the recent links from the in-flight writes, the rest from the store in one query.
    /// </summary>
    public async Task<IReadOnlyList<StoredResponse>> ChainAsync(string id, int maxLinks, CancellationToken cancellationToken)
    {
        var chain = new List<StoredResponse>();
        string? next = id;
        while (next is not null && chain.Count <= maxLinks && queue.TryGetPending(next, out var pending))
        {
            if (pending is null)
            {
                return chain; // deleted while in flight: the chain stops here, as if never stored
            }

            chain.Add(pending);
            next = pending.ParentId;
        }

        if (next is not null && chain.Count <= maxLinks)
        {
            chain.AddRange(await store.ChainAsync(next, maxLinks - chain.Count, cancellationToken));
        }

        return chain;
    }

    /// <summary>The newest response of the session (and owner) whose answer made tool call <paramref name="callId"/>.</summary>
    public async Task<ToolCallPart?> FindCallAsync(string callId, string? sessionKey, string? owner, CancellationToken cancellationToken)
    {
        foreach (var response in queue.PendingResponses())
        {
            if (response.SessionKey == sessionKey && response.Owner == owner && Call(response, callId) is { } call)
            {
                return call;
            }
        }

        return await store.FindByCallAsync(callId, sessionKey, owner, cancellationToken) is { } stored ? Call(stored, callId) : null;
    }

    private static ToolCallPart? Call(StoredResponse response, string callId) =>
        response.Output.OfType<ToolCallPart>().FirstOrDefault(call => call.Id == callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored response {Id} could not be written; its id was given to the client and will not be found")]
    private static partial void LogNotStored(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored response {Id} had not committed after {Seconds} s; answering before it is durable")]
    private static partial void LogCommitLate(ILogger logger, string id, double seconds);
}
