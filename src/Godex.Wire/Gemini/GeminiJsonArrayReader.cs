using System.Runtime.CompilerServices;

namespace Godex.Wire.Gemini;

/// <summary>
/// Splits the JSON-array stream form (`[{...},\r\n{...}]`, written as the chunks are generated) into its
/// elements as each one completes, with a small scanner that tracks nesting and strings. An array that
/// ends without its `]`, or bytes that are not an array of objects, end with a problem chunk.
/// </summary>
internal static class GeminiJsonArrayReader
{
    private enum State
    {
        BeforeArray,
        BetweenElements,
        InElement,
    }

    public static async IAsyncEnumerable<StreamChunk> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var end = 0;
        var scan = 0;
        var elementStart = -1;
        var state = State.BeforeArray;
        var depth = 0;
        var inString = false;
        var escaped = false;

        while (true)
        {
            for (; scan < end; scan++)
            {
                var b = buffer[scan];
                switch (state)
                {
                    case State.BeforeArray when IsBlank(b):
                        break;
                    case State.BeforeArray when b == (byte)'[':
                        state = State.BetweenElements;
                        break;
                    case State.BetweenElements when IsBlank(b) || b == (byte)',':
                        break;
                    case State.BetweenElements when b == (byte)']':
                        yield break;
                    case State.BetweenElements when b == (byte)'{':
                        (state, depth, elementStart) = (State.InElement, 1, scan);
                        break;
                    case State.InElement when inString:
                        if (escaped)
                        {
                            escaped = false;
                        }
                        else if (b == (byte)'\\')
                        {
                            escaped = true;
                        }
                        else if (b == (byte)'"')
                        {
                            inString = false;
                        }

                        break;
                    case State.InElement:
                        if (b == (byte)'"')
                        {
                            inString = true;
                        }
                        else if (b is (byte)'{' or (byte)'[')
                        {
                            depth++;
                        }
                        else if (b is (byte)'}' or (byte)']' && --depth == 0)
                        {
                            yield return new StreamChunk(buffer.AsSpan(elementStart, scan + 1 - elementStart).ToArray(), null, null);
                            (state, elementStart) = (State.BetweenElements, -1);
                        }

                        break;
                    default:
                        yield return Problem("provider.invalid_stream", $"The upstream's JSON-array stream has an unexpected character '{(char)b}'.");
                        yield break;
                }
            }

            // Keep only the unfinished element, at the start of the buffer.
            var keep = elementStart < 0 ? end : elementStart;
            buffer.AsSpan(keep, end - keep).CopyTo(buffer);
            (end, scan) = (end - keep, scan - keep);
            elementStart = elementStart < 0 ? -1 : 0;
            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await body.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                yield return Problem("provider.stream_truncated", "The upstream stream ended before its JSON array was closed.");
                yield break;
            }

            end += read;
        }
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static StreamChunk Problem(string code, string message) => new(default, null, new GodexError(502, code, message));
}
