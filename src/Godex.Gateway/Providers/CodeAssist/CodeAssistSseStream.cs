using System.Text;

using Godex.Gateway.Common;
using Godex.Wire.Sse;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// Reads Code Assist's `:streamGenerateContent?alt=sse` answer and yields the same SSE with each
/// chunk's `{response: ...}` envelope taken off, so the Gemini stream reader reads it as a Gemini API
/// stream. Pulls one upstream event per read: nothing is buffered beyond the chunk in hand.
/// </summary>
public sealed class CodeAssistSseStream(Stream upstream, CancellationToken stop) : ReadOnlyStream
{
    private readonly IAsyncEnumerator<SseEvent> _events = SseReader.ReadAsync(upstream, stop).GetAsyncEnumerator(stop);
    private ReadOnlyMemory<byte> _pending;
    private bool _done;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending.IsEmpty && !_done)
        {
            if (!await _events.MoveNextAsync())
            {
                _done = true;
                break;
            }

            if (_events.Current.Data.Length > 0)
            {
                var chunk = CodeAssistEnvelope.Unwrap(Encoding.UTF8.GetBytes(_events.Current.Data));
                var frame = new byte[chunk.Length + 8];
                "data: "u8.CopyTo(frame);
                chunk.CopyTo(frame.AsSpan(6));

                // A multi-line event's data was joined with newlines, which in JSON can only be
                // whitespace between tokens; one line keeps the re-framed event whole.
                frame.AsSpan(6, chunk.Length).Replace((byte)'\n', (byte)' ');
                "\n\n"u8.CopyTo(frame.AsSpan(6 + chunk.Length));
                _pending = frame;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await base.DisposeAsync();
    }
}
