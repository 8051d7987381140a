namespace Godex.Gateway.Telemetry;

/// <summary>
/// One attempt of a traced request, in the order they ran: which candidate (provider, pool member,
/// upstream model), why it was tried, when and for how long (ms from the request's start), how it
/// ended and, when it failed, its error.
/// </summary>
public sealed record TraceAttempt
{
    /// <summary>The client got this attempt's answer.</summary>
    public const string Answered = "answered";

    /// <summary>The client got this attempt's error (the last candidate, or a refusal every candidate would repeat).</summary>
    public const string Failed = "failed";

    /// <summary>It failed before answering and the next candidate took over.</summary>
    public const string FailedOver = "failed_over";

    /// <summary>The client left (or the request was cancelled) before this attempt finished.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>It lost a hedging race: the other attempt showed a token first, and this one was hung up on.</summary>
    public const string Cancelled = "cancelled";

    public required string Provider { get; init; }

    /// <summary>The pool member (`keys3#2`); null for a provider without a pool.</summary>
    public string? Member { get; init; }

    public required string Model { get; init; }

    /// <summary>first_choice, next_member, retry, fallback or hedge.</summary>
    public required string Reason { get; init; }

    /// <summary>answered, failed, failed_over, abandoned or cancelled.</summary>
    public required string Outcome { get; init; }

    /// <summary>When it began, after the request started; null when not recorded (a lone attempt is read back from its trace).</summary>
    public double? StartMs { get; init; }

    /// <summary>How long it took, its backoff included; for the attempt that answered, until its answer ended.</summary>
    public double? DurationMs { get; init; }

    /// <summary>The backoff it waited before calling the member again (a retry), when there was one.</summary>
    public double? BackoffMs { get; init; }

    public int? Status { get; init; }

    public string? ErrorCode { get; init; }

    /// <summary>The error's message, cut to <see cref="TraceAttempts.MaxMessageLength"/> characters.</summary>
    public string? ErrorMessage { get; init; }
}
