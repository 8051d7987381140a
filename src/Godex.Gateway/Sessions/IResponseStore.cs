namespace Godex.Gateway.Sessions;

/// <summary>Where stored responses live: SQLite by default, PostgreSQL behind the same interface.</summary>
public interface IResponseStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Writes a batch in one transaction; a response already stored (same id) is left as it is.</summary>
    Task WriteAsync(IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken);

    Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The response and its ancestors, newest first, following parent ids at most <paramref name="maxLinks"/>
    /// times. Stops early where an ancestor is missing; may repeat ids when the stored chain loops.
    /// </summary>
    Task<IReadOnlyList<StoredResponse>> ChainAsync(string id, int maxLinks, CancellationToken cancellationToken);

    /// <summary>The newest stored response of a session (and owner) whose output made the tool call <paramref name="callId"/>.</summary>
    Task<StoredResponse?> FindByCallAsync(string callId, string? sessionKey, string? owner, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
