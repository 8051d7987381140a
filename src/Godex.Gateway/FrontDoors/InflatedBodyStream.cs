using Godex.Wire;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// A decompressing view of a request body that stops with a 413 once it has inflated past
/// limits.max_body_bytes (Kestrel counts only the compressed bytes that arrive). Disposing it
/// disposes every decoder in the chain (each holds a native inflater), never the request body.
/// </summary>
public sealed class InflatedBodyStream(Stream inner, IReadOnlyList<Stream> decoders, long maxBytes) : Stream
{
    private long _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var decoder in decoders)
            {
                decoder.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _total += read;
        return _total <= maxBytes ? read : throw new GodexException(new GodexError(413, "limit.body_too_large",
            $"The request body inflates to more than {BodyLimit.Describe(maxBytes)} once decompressed (limits.max_body_bytes)."));
    }
}
