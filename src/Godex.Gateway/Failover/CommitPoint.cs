namespace Godex.Gateway.Failover;

/// <summary>When the <see cref="FailoverLoop"/> commits a streamed answer: shows it to the client and stops failing over.</summary>
public enum CommitPoint
{
    /// <summary>At the first event that shows the client anything (text, reasoning, tool arguments, the end; usage reported on the way shows nothing yet). The default.</summary>
    FirstEvent,

    /// <summary>As soon as the upstream answers with a success (its first event of any kind): the client's headers go out at once, and only a refusal fails over.</summary>
    Headers,

    /// <summary>
    /// When the whole answer is in: for a client that asked for no stream, which sees nothing before
    /// then anyway, so a failure anywhere in it (a cut, an error mid-answer) still fails over. Not configurable.
    /// </summary>
    WholeAnswer,
}
