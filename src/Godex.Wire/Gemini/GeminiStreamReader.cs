using System.Runtime.CompilerServices;
using System.Text.Json;

using Godex.Wire.Sse;

namespace Godex.Wire.Gemini;

/// <summary>
/// Reads an upstream's `:streamGenerateContent` answer into canonical events, in either form Gemini
/// streams: `alt=sse` (one `data:` event per chunk) or, without `alt`, one JSON array whose elements
/// arrive one by one. An error object in the stream, a malformed chunk, or a stream that ends before
/// a chunk with `finishReason` becomes <see cref="ResponseFailed"/>, never silence.
/// </summary>
public static class GeminiStreamReader
{
    public static IAsyncEnumerable<StreamEvent> ReadAsync(Stream body, CancellationToken cancellationToken = default) =>
        ReadAsync(body, DateTimeOffset.UnixEpoch, cancellationToken);

    /// <param name="now">The creation time to report when the upstream's chunks carry no `createTime`.</param>
    public static async IAsyncEnumerable<StreamEvent> ReadAsync(Stream body, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = new GeminiChunkReader(now);
        var (first, replay) = await PeekAsync(body, cancellationToken).ConfigureAwait(false);
        var chunks = first == (byte)'['
            ? GeminiJsonArrayReader.ReadAsync(replay, cancellationToken)
            : SseChunksAsync(replay, cancellationToken);

        await foreach (var chunk in chunks.ConfigureAwait(false))
        {
            if (chunk.Problem is { } problem)
            {
                yield return new ResponseFailed(problem);
                yield break;
            }

            GenerateContentResponseDto? dto;
            try
            {
                dto = chunk.Text is { } text
                    ? JsonSerializer.Deserialize(text, GeminiJsonContext.Default.GenerateContentResponseDto)
                    : JsonSerializer.Deserialize(chunk.Json.Span, GeminiJsonContext.Default.GenerateContentResponseDto);
            }
            catch (JsonException exception)
            {
                dto = null;
                reader.Events.Add(new ResponseFailed(new GodexError(502, "provider.invalid_stream", $"The upstream sent a stream chunk that is not valid JSON: {exception.Message}")));
            }

            if (dto is not null)
            {
                reader.Read(dto);
            }

            foreach (var streamEvent in reader.Events)
            {
                yield return streamEvent;
                if (streamEvent is ResponseFailed)
                {
                    yield break;
                }
            }

            reader.Events.Clear();
        }

        foreach (var streamEvent in reader.Finish(requireFinishReason: true))
        {
            yield return streamEvent;
        }
    }

    private static async IAsyncEnumerable<StreamChunk> SseChunksAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var sse in SseReader.ReadAsync(body, cancellationToken).ConfigureAwait(false))
        {
            if (sse.Data.Length == 0)
            {
                continue;
            }

            yield return new StreamChunk(default, sse.Data, null);
        }
    }

    /// <summary>The first non-blank byte (which tells the two forms apart) and a stream that still yields everything.</summary>
    private static async Task<(int First, Stream Body)> PeekAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (-1, new ReplayStream(buffer.AsMemory(0, filled), body));
            }

            for (var i = filled; i < filled + read; i++)
            {
                if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return (buffer[i], new ReplayStream(buffer.AsMemory(0, filled + read), body));
                }
            }

            filled += read;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }
}

/// <summary>One chunk's JSON (as bytes or text), or why the stream cannot be read further.</summary>
internal readonly record struct StreamChunk(ReadOnlyMemory<byte> Json, string? Text, GodexError? Problem);

/// <summary>A stream that first replays bytes already read from another, then reads on from it.</summary>
internal sealed class ReplayStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.Length > 0)
        {
            return TakePrefix(buffer);
        }

        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _prefix.Length > 0 ? ValueTask.FromResult(TakePrefix(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int TakePrefix(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..count].CopyTo(buffer);
        _prefix = _prefix[count..];
        return count;
    }
}
