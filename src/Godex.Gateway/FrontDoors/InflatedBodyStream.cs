using Godex.Gateway.Common;
using Godex.Wire;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// A decompressing view of a request body that stops with a 413 once it has inflated past
/// limits.max_body_bytes (Kestrel counts only the compressed bytes that arrive), and with a 400
/// when the bytes are not what their Content-Encoding says. Disposing it
/// disposes every decoder in the chain (each holds a native inflater), never the request body.
/// </summary>
public sealed class InflatedBodyStream(Stream inner, IReadOnlyList<Stream> decoders, string codings, long maxBytes) : ReadOnlyStream
{
    private long _total;

    public override long Position { get => _total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(inner.Read(buffer));
        }
        catch (Exception exception) when (IsCorrupt(exception))
        {
            throw Corrupt();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (IsCorrupt(exception))
        {
            throw Corrupt();
        }
    }

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

    /// <summary>What the decoders throw on bytes that are not their format: gzip and deflate an InvalidDataException,
    /// brotli an InvalidOperationException, zstd its own exception or, cut short, an EndOfStreamException.
    /// (A gzip, deflate or brotli body cut short just ends early; the JSON reader then finds it incomplete.)</summary>
    private static bool IsCorrupt(Exception exception) =>
        exception is InvalidDataException or InvalidOperationException or EndOfStreamException or ZstdSharp.ZstdException;

    private GodexException Corrupt() => new(new GodexError(400, "request.body_encoding",
        $"The request body is not valid {codings} data, as its Content-Encoding says it is."));

    private int Count(int read)
    {
        _total += read;
        return _total <= maxBytes ? read : throw new GodexException(new GodexError(413, "limit.body_too_large",
            $"The request body inflates to more than {BodyLimit.Describe(maxBytes)} once decompressed (limits.max_body_bytes)."));
    }
}
