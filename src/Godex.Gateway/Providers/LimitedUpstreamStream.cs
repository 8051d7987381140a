using Godex.Gateway.Common;

namespace Godex.Gateway.Providers;

/// <summary>
/// A read-only view of an upstream body that counts what it hands out: past the body limit, or (for a
/// stream) past the event limit since the last blank line, it throws <see cref="UpstreamLimitException"/>.
/// Scanning for line ends is a vectorized IndexOf per read, so the cost is a pass over bytes already in cache.
/// </summary>
public sealed class LimitedUpstreamStream(Stream inner, UpstreamLimits limits, bool countEvents) : ReadOnlyStream
{
    private long _total;
    private long _event;
    private long _line;
    private byte _lineFirst;

    public override long Position { get => _total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Count(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Count(buffer.Span[..read]);
    }

    private int Count(ReadOnlySpan<byte> read)
    {
        _total += read.Length;
        if (_total > limits.MaxResponseBytes)
        {
            throw new UpstreamLimitException(limits.ResponseTooLarge());
        }

        if (countEvents)
        {
            CountEvents(read);
        }

        return read.Length;
    }

    /// <summary>An event ends at an empty line (LF LF, or CR LF CR LF): `_line` is the current line's length without its CR.</summary>
    private void CountEvents(ReadOnlySpan<byte> read)
    {
        while (read.Length > 0)
        {
            var newline = read.IndexOf((byte)'\n');
            var segment = newline < 0 ? read : read[..newline];
            if (_line == 0 && segment.Length > 0)
            {
                _lineFirst = segment[0];
            }

            _line += segment.Length;
            _event += segment.Length;
            if (_event > limits.MaxEventBytes)
            {
                throw new UpstreamLimitException(limits.EventTooLarge());
            }

            if (newline < 0)
            {
                return;
            }

            var blank = _line == 0 || (_line == 1 && _lineFirst == (byte)'\r');
            _event = blank ? 0 : _event + 1;
            _line = 0;
            read = read[(newline + 1)..];
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
