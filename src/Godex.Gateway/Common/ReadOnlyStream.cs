namespace Godex.Gateway.Common;

/// <summary>
/// The base of the gateway's forward-only read wrappers (bounded, inflating, re-framing, logging
/// streams): it answers "cannot" to everything a one-way reader cannot do, so each wrapper holds only
/// its reads. <see cref="Stream.ReadAsync(byte[], int, int, CancellationToken)"/> goes through the
/// <see cref="Memory{T}"/> overload the wrapper writes.
/// </summary>
public abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
