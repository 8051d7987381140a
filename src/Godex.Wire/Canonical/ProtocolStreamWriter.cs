using System.Buffers;

namespace Godex.Wire;

/// <summary>
/// What every protocol's stream writer does alike: once the stream has ended (finished or failed) it
/// writes nothing more, and usage reports are merged into one figure, which the protocols give at the end.
/// Subclasses write the events in their wire format.
/// </summary>
public abstract class ProtocolStreamWriter : IStreamWriter
{
    /// <summary>True once the stream has ended (finished or failed); later events are ignored.</summary>
    public bool Completed { get; protected set; }

    /// <summary>The usage reported so far, merged (later non-zero figures win); null until a report arrives.</summary>
    protected Usage? ReportedUsage { get; private set; }

    public void Write(IBufferWriter<byte> output, StreamEvent streamEvent)
    {
        if (Completed)
        {
            return;
        }

        if (streamEvent is UsageReported reported)
        {
            ReportedUsage = ReportedUsage is null ? reported.Usage : ReportedUsage.Merge(reported.Usage);
        }

        WriteEvent(output, streamEvent);
    }

    public abstract void Dispose();

    /// <summary>Writes one event while the stream is open. Usage reports come here too, already merged, for writers that react to any event.</summary>
    protected abstract void WriteEvent(IBufferWriter<byte> output, StreamEvent streamEvent);
}
