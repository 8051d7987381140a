using System.Diagnostics;

using Godex.Gateway.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Telemetry;

/// <summary>Turns a finished request's <see cref="GatewayContext.Attempts"/> into the attempts its trace records.</summary>
public static class TraceAttempts
{
    /// <summary>Upstream error bodies can be long (HTML pages, stack traces); the start says what went wrong.</summary>
    public const int MaxMessageLength = 500;

    /// <param name="end">When the request ended (a Stopwatch timestamp): the end of an answer still open.</param>
    /// <param name="failed">The client got an error.</param>
    /// <param name="disconnected">The client left before the answer was complete.</param>
    public static IReadOnlyList<TraceAttempt> Of(GatewayContext context, long end, bool failed, bool disconnected)
    {
        if (context.Attempts.Count == 0)
        {
            return [];
        }

        var attempts = new TraceAttempt[context.Attempts.Count];
        for (var i = 0; i < attempts.Length; i++)
        {
            var attempt = context.Attempts[i];
            var outcome = attempt.LostRace ? TraceAttempt.Cancelled
                : attempt.Failure is not null ? TraceAttempt.FailedOver
                : !attempt.Committed || disconnected ? TraceAttempt.Abandoned
                : failed ? TraceAttempt.Failed
                : TraceAttempt.Answered;

            // The runner's TimeProvider timestamps share the request's clock (TimeProvider's are Stopwatch's);
            // an answer the client got ends with the request's upstream part.
            var ended = attempt.EndTimestamp ?? context.UpstreamEndTimestamp ?? end;
            var error = attempt.Failure ?? (outcome == TraceAttempt.Failed ? context.Error : null);
            attempts[i] = new TraceAttempt
            {
                Provider = attempt.Route.Provider.Name,
                Member = attempt.Route.Member?.Id,
                Model = attempt.Route.UpstreamModel,
                Reason = Reason(attempt.Reason),
                Outcome = outcome,
                StartMs = Stopwatch.GetElapsedTime(context.StartTimestamp, attempt.StartTimestamp).TotalMilliseconds,
                DurationMs = Math.Max(0, Stopwatch.GetElapsedTime(attempt.StartTimestamp, ended).TotalMilliseconds),
                BackoffMs = attempt.Backoff > TimeSpan.Zero ? attempt.Backoff.TotalMilliseconds : null,
                Status = error?.Status,
                ErrorCode = error?.Code,
                ErrorMessage = Cut(error),
            };
        }

        return attempts;
    }

    public static string Reason(AttemptReason reason) => reason switch
    {
        AttemptReason.FirstChoice => "first_choice",
        AttemptReason.NextMember => "next_member",
        AttemptReason.Retry => "retry",
        AttemptReason.Hedge => "hedge",
        _ => "fallback",
    };

    private static string? Cut(GodexError? error)
    {
        if (error?.Message is not { } message || message.Length <= MaxMessageLength)
        {
            return error?.Message;
        }

        var length = char.IsHighSurrogate(message[MaxMessageLength - 1]) ? MaxMessageLength - 1 : MaxMessageLength; // never half a character
        return string.Concat(message.AsSpan(0, length), "…");
    }
}
