using Godex.EndToEnd.Tests.Conformance;
using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Telemetry;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// Issue 16's fault suite: the real server, a two-member pool of scripted upstreams, every client
/// protocol (each in front of the next upstream family, so every client writer and every upstream
/// reader is crossed), streamed and not. Before the answer starts any failure is invisible: the other
/// member answers. After the commit the stream ends in the client's own protocol error, the trace
/// records the failure and the partial usage. Never a hang.
/// </summary>
public sealed class FaultSuiteTests
{
    /// <summary>Far under <see cref="FaultScripts.Stall"/>: an answer that takes this long has waited for a stalled member.</summary>
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(3);

    public static TheoryData<string, string, bool, Fault> BeforeTheAnswer => Cells(streams: [true, false], Fault.Dead, Fault.UnknownHost, Fault.TlsHandshake, Fault.Status500, Fault.ResetBeforeContent, Fault.ErrorIn200, Fault.MalformedBeforeContent, Fault.SlowFirstToken);

    public static TheoryData<string, string, bool, Fault> AfterTheCommit => Cells(streams: [true], Fault.ResetAfterThreeEvents, Fault.MalformedAfterCommit, Fault.SlowDripPastIdle, Fault.DripPastWholeTimeout);

    public static TheoryData<string, string, bool> EveryClient
    {
        get
        {
            var cells = new TheoryData<string, string, bool>();
            foreach (var (client, family, stream) in Pairs([true, false]))
            {
                cells.Add(client, family, stream);
            }

            return cells;
        }
    }

    [Theory]
    [MemberData(nameof(BeforeTheAnswer))]
    public async Task A_member_failing_before_the_answer_starts_is_replaced_by_the_other_members_clean_answer(string client, string family, bool stream, Fault fault)
    {
        await using var pool = await FaultPool.StartAsync(family, fault);

        var (response, body, took) = await pool.SendAsync(ClientProtocol.Named(client), stream);

        await AssertSecondMemberAnsweredAsync(pool, client, stream, response, body, attempts: 2);
        Assert.Equal(fault.Unreachable() ? 0 : 1, pool.First.Received.Count);
        if (fault == Fault.SlowFirstToken)
        {
            await pool.FirstAbandoned.Task.WaitAsync(NoHang); // the late member was hung up on, not left running
        }

        Assert.True(took < NoHang, $"took {took}");
    }

    [Theory]
    [MemberData(nameof(AfterTheCommit))]
    public async Task A_member_failing_after_the_commit_ends_the_stream_in_the_clients_protocol_error_and_the_trace_keeps_the_partial_usage(string client, string family, bool stream, Fault fault)
    {
        await using var pool = await FaultPool.StartAsync(family, fault);

        var (response, body, took) = await pool.SendAsync(ClientProtocol.Named(client), stream);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("x-godex-attempts").Single());
        Assert.Equal("pool#1", response.Headers.GetValues("x-godex-provider").Single());
        var error = await ClientFailures.AssertStreamEndsInErrorAsync(ClientProtocol.Named(client), body, FaultWire.DeltaText(3));
        if (fault is Fault.SlowDripPastIdle or Fault.DripPastWholeTimeout)
        {
            var key = fault == Fault.SlowDripPastIdle ? "idle_timeout_seconds" : "(providers.pool.timeout_seconds)";
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
            await pool.FirstAbandoned.Task.WaitAsync(NoHang);
        }

        Assert.Empty(pool.Second.Received); // nothing can fail over once the client has text
        var trace = await Traces.WaitForAsync(pool.Godex, Traces.RequestId(response));
        Assert.Equal(("error", fault.Code()), (trace.Outcome, trace.ErrorCode));
        AssertPartialUsage(family, fault, trace);
        Assert.True(took < NoHang, $"took {took}");
    }

    /// <summary>
    /// The usage of an answer cut after the commit: what the family reported before the cut is kept
    /// exactly (Anthropic's input with message_start; Gemini's running totals on every chunk), what it
    /// had not reported yet is estimated from the text seen and flagged (Chat and Responses report
    /// usage only at the end).
    /// </summary>
    private static void AssertPartialUsage(string family, Fault fault, TraceRecord trace)
    {
        var usage = $"usage {trace.InputTokens} in, {trace.OutputTokens} out, estimated {trace.UsageEstimated}";
        Assert.True(trace.InputTokens > 0 && trace.OutputTokens > 0, usage);
        switch (family)
        {
            case UpstreamFamily.Anthropic:
                Assert.True(trace.InputTokens == FaultWire.ReportedInputTokens && trace.UsageEstimated, usage);
                if (fault is Fault.ResetAfterThreeEvents or Fault.MalformedAfterCommit)
                {
                    Assert.Equal((FaultWire.DeltaText(3).Length + 3) / 4, trace.OutputTokens); // three deltas, four characters a token
                }

                break;
            case UpstreamFamily.Gemini:
                // The last chunk read reported the output so far too: nothing to estimate.
                Assert.True(trace.InputTokens == FaultWire.ReportedInputTokens && !trace.UsageEstimated, usage);
                if (fault is Fault.ResetAfterThreeEvents or Fault.MalformedAfterCommit)
                {
                    Assert.Equal(3, trace.OutputTokens);
                }

                break;
            default:
                Assert.True(trace.InputTokens != FaultWire.ReportedInputTokens && trace.UsageEstimated, usage);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(EveryClient))]
    public async Task A_member_answering_429_is_skipped_for_its_retry_after_and_tried_again_once_it_passed(string client, string family, bool stream)
    {
        await using var pool = await FaultPool.StartAsync(family, Fault.RateLimited);
        var protocol = ClientProtocol.Named(client);

        var (response, body, _) = await pool.SendAsync(protocol, stream);
        await AssertSecondMemberAnsweredAsync(pool, client, stream, response, body, attempts: 2);

        pool.Time.Advance(TimeSpan.FromSeconds(FaultScripts.RetryAfterSeconds - 1));
        (response, _, _) = await pool.SendAsync(protocol, stream);
        Assert.Equal(("1", "pool#2"), (response.Headers.GetValues("x-godex-attempts").Single(), response.Headers.GetValues("x-godex-provider").Single()));
        Assert.Single(pool.First.Received);

        pool.Time.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 2 && pool.First.Received.Count == 1; i++)
        {
            (response, _, _) = await pool.SendAsync(protocol, stream);
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.Equal(2, pool.First.Received.Count); // tried again within two requests of its retry-after passing
    }

    [Theory]
    [MemberData(nameof(EveryClient))]
    public async Task Every_member_failing_gives_the_client_the_last_error_in_its_own_shape_and_status(string client, string family, bool stream)
    {
        await using var pool = await FaultPool.StartAsync(family, Fault.Status500);
        pool.Second.Responder = async (_, http) =>
        {
            http.Response.StatusCode = 503;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(FaultWire.ErrorBody(family, 503, "member-b is down"));
        };

        var (response, body, took) = await pool.SendAsync(ClientProtocol.Named(client), stream);

        ClientFailures.AssertError(ClientProtocol.Named(client), response, body, 503, "member-b is down");
        Assert.Equal("2", response.Headers.GetValues("x-godex-attempts").Single());
        Assert.Equal((1, 1), (pool.First.Received.Count, pool.Second.Received.Count));
        Assert.True(took < NoHang, $"took {took}");
    }

    /// <summary>Each fault over <see cref="Pairs"/>.</summary>
    private static TheoryData<string, string, bool, Fault> Cells(bool[] streams, params Fault[] faults)
    {
        var cells = new TheoryData<string, string, bool, Fault>();
        foreach (var fault in faults)
        {
            foreach (var (client, family, stream) in Pairs(streams))
            {
                cells.Add(client, family, stream, fault);
            }
        }

        return cells;
    }

    /// <summary>Each client protocol in front of the next upstream family, streamed or not as given.</summary>
    private static IEnumerable<(string Client, string Family, bool Stream)> Pairs(bool[] streams)
    {
        for (var i = 0; i < ClientProtocol.All.Count; i++)
        {
            foreach (var stream in streams)
            {
                yield return (ClientProtocol.All[i].Name, UpstreamFamily.All[(i + 1) % UpstreamFamily.All.Count].Name, stream);
            }
        }
    }

    /// <summary>The client got the second member's recorded answer as one clean response or stream, and nothing of the first's.</summary>
    private static async Task AssertSecondMemberAnsweredAsync(FaultPool pool, string client, bool stream, HttpResponseMessage response, byte[] body, int attempts)
    {
        Assert.True(200 == (int)response.StatusCode, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal(attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("x-godex-attempts").Single());
        Assert.Equal("pool#2", response.Headers.GetValues("x-godex-provider").Single());
        var recorded = await pool.Family.ReadAnswerAsync(pool.Answer(stream), stream);
        var answer = await ClientProtocol.Named(client).ReadAnswerAsync(body, stream);
        Assert.Equal(recorded.JoinedText(), answer.JoinedText());
        Assert.DoesNotContain(FaultWire.Marker, System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        var sent = Assert.Single(pool.Second.Received).Headers[pool.Family.AuthHeader];
        Assert.Equal(pool.Family.AuthHeader == "authorization" ? "Bearer sk-second" : "sk-second", sent); // the member's own key
    }
}
