using Godex.EndToEnd.Tests.Conformance;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// How the pool's first member fails. Those before <see cref="ResetAfterThreeEvents"/> strike before the
/// answer starts; the first three before a request reaches the member at all.
/// </summary>
public enum Fault
{
    /// <summary>Nothing listens on the member's port: the connection is refused.</summary>
    Dead,

    /// <summary>The member's host name does not resolve (`.invalid` never does).</summary>
    UnknownHost,

    /// <summary>The member is called over https but speaks plain HTTP: the TLS handshake fails.</summary>
    TlsHandshake,
    Status500,

    /// <summary>A 429 with `retry-after: 30`.</summary>
    RateLimited,

    /// <summary>A stream cut after its opening frames; a whole answer cut halfway through its body.</summary>
    ResetBeforeContent,

    /// <summary>An error event inside a 200 stream, or a whole 200 answer that is an error.</summary>
    ErrorIn200,

    /// <summary>A stream frame that is not JSON after the opening frames; a whole answer that is half a JSON document.</summary>
    MalformedBeforeContent,

    /// <summary>Headers (and a stream's opening frames), then silence past `first_token_timeout_seconds`.</summary>
    SlowFirstToken,

    /// <summary>Three text deltas, then the connection is reset.</summary>
    ResetAfterThreeEvents,

    /// <summary>Three text deltas, then a frame that is not JSON.</summary>
    MalformedAfterCommit,

    /// <summary>Three text deltas, then silence past `idle_timeout_seconds`.</summary>
    SlowDripPastIdle,

    /// <summary>A text delta every 100 ms, never idle, past `timeout_seconds`.</summary>
    DripPastWholeTimeout,
}

/// <summary>The failing member's side of each <see cref="Fault"/>, played on the scripted upstream's connection.</summary>
public static class FaultScripts
{
    /// <summary>Past every timeout of the suite's config: an upstream still waiting this long has been abandoned.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(10);

    /// <summary>The retry-after a <see cref="Fault.RateLimited"/> member sends, in seconds.</summary>
    public const int RetryAfterSeconds = 30;

    public static bool BeforeTheAnswer(this Fault fault) => fault < Fault.ResetAfterThreeEvents;

    /// <summary>The member is never reached: no request arrives at its scripted upstream.</summary>
    public static bool Unreachable(this Fault fault) => fault <= Fault.TlsHandshake;

    /// <summary>The error code the client's stream ends with when <paramref name="fault"/> strikes after the commit.</summary>
    public static string Code(this Fault fault) => fault switch
    {
        Fault.ResetAfterThreeEvents => "provider.stream_broken",
        Fault.MalformedAfterCommit => "provider.invalid_stream",
        _ => "provider.timeout",
    };

    /// <summary>
    /// Answers one request as a member failing with <paramref name="fault"/> would; <paramref name="abandoned"/>
    /// is set when Godex hung up on a member that was still waiting.
    /// </summary>
    public static async Task PlayAsync(Fault fault, string family, bool stream, HttpContext http, TaskCompletionSource abandoned)
    {
        var response = http.Response;
        switch (fault)
        {
            case Fault.Status500 or Fault.RateLimited:
                var status = fault == Fault.Status500 ? 500 : 429;
                response.StatusCode = status;
                if (fault == Fault.RateLimited)
                {
                    response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await WriteJsonAsync(http, FaultWire.ErrorBody(family, status, "member-a is down"));
                return;
            case Fault.ErrorIn200 when !stream:
                await WriteJsonAsync(http, FaultWire.BodyError(family));
                return;
            case Fault.MalformedBeforeContent when !stream:
                await WriteJsonAsync(http, HalfOfTheAnswer(family));
                return;
            case Fault.ResetBeforeContent when !stream:
                response.ContentType = "application/json";
                await response.WriteAsync(HalfOfTheAnswer(family));
                await response.Body.FlushAsync();
                await ResetAsync(http);
                return;
            case Fault.SlowFirstToken when !stream:
                response.ContentType = "application/json";
                await StallAsync(http, abandoned);
                return;
        }

        response.ContentType = "text/event-stream";
        var frames = new List<string>(FaultWire.Preamble(family));
        var deltas = fault.BeforeTheAnswer() ? 0 : 3;
        for (var i = 0; i < deltas; i++)
        {
            frames.Add(FaultWire.Delta(family, i));
        }

        frames.Add(fault switch
        {
            Fault.ErrorIn200 => FaultWire.StreamError(family),
            Fault.MalformedBeforeContent or Fault.MalformedAfterCommit => FaultWire.Malformed,
            _ => "",
        });
        await response.WriteAsync(string.Concat(frames));
        await response.Body.FlushAsync();
        switch (fault)
        {
            case Fault.ResetBeforeContent or Fault.ResetAfterThreeEvents:
                await ResetAsync(http);
                break;
            case Fault.SlowFirstToken or Fault.SlowDripPastIdle:
                await StallAsync(http, abandoned);
                break;
            case Fault.DripPastWholeTimeout:
                await DripAsync(http, family, deltas, abandoned);
                break;
        }
    }

    /// <summary>The family's recorded whole answer, cut halfway.</summary>
    private static string HalfOfTheAnswer(string family)
    {
        var whole = UpstreamFamily.Named(family).Recordings[(Scenario.Text, false)].Body();
        return whole[..(whole.Length / 2)];
    }

    /// <summary>
    /// Resets the connection once Godex has read what was sent: a reset discards what the peer has not
    /// read yet, so without the wait the headers could vanish too and the cut would not be mid-answer.
    /// </summary>
    private static async Task ResetAsync(HttpContext http)
    {
        await Task.Delay(150);
        http.Abort();
    }

    private static async Task WriteJsonAsync(HttpContext http, string json)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    }

    private static async Task StallAsync(HttpContext http, TaskCompletionSource abandoned)
    {
        try
        {
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await Task.Delay(Stall, http.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            abandoned.TrySetResult();
        }
    }

    private static async Task DripAsync(HttpContext http, string family, int from, TaskCompletionSource abandoned)
    {
        try
        {
            for (var i = from; i < 1000; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), http.RequestAborted);
                await http.Response.WriteAsync(FaultWire.Delta(family, i), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            abandoned.TrySetResult();
        }
    }
}
