using System.Buffers;

namespace Godex.Wire;

/// <summary>
/// Writes canonical events in one protocol's streaming wire format: a small state machine, one
/// instance per response. After the terminal event (finished or failed) it is Completed and writes nothing more.
/// </summary>
public interface IStreamWriter : IDisposable
{
    bool Completed { get; }

    void Write(IBufferWriter<byte> output, StreamEvent streamEvent);
}
