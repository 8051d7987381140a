namespace Godex.Gateway.Common;

/// <summary>
/// Where a <see cref="BatchWriter{T}"/> writes, one batch at a time. The batch list is reused:
/// read it during a call, never keep it.
/// </summary>
public interface IBatchSink<T>
{
    /// <summary>True for an item written in a batch of its own, after the items before it and before those after.</summary>
    bool WritesAlone(T item) => false;

    Task WriteAsync(IReadOnlyList<T> batch, CancellationToken cancellationToken);

    /// <summary>The batch was written.</summary>
    void Written(IReadOnlyList<T> batch);

    /// <summary>An attempt failed; another follows unless <see cref="GivenUp"/> comes next.</summary>
    void Failed(IReadOnlyList<T> batch, Exception exception, int attempt);

    /// <summary>The batch was dropped after its last failed attempt.</summary>
    void GivenUp(IReadOnlyList<T> batch);
}
