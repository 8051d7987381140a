using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>Runs one cell against the real server and the scripted upstream, and says what it observed.</summary>
public static class CellRunner
{
    public static async Task<CellObservation> RunAsync(ConformanceGateway gateway, Cell cell)
    {
        var client = ClientProtocol.Named(cell.Client);
        var family = UpstreamFamily.Named(cell.Family);
        var recording = family.Recordings[(cell.Scenario, cell.Stream)];
        gateway.Upstream.Received.Clear();
        Reply(gateway.Upstream, recording, cell.Stream);

        using var request = client.Request(family.Model, cell.Stream, client.FirstTurn(family.Model, cell.Stream));
        using var response = await gateway.Godex.Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            return new CellObservation(cell, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}", []);
        }

        CellAssertions.AssertUpstreamRequest(family, cell.Stream, gateway.Upstream.Single());
        var upstream = await family.ReadAnswerAsync(recording, cell.Stream);
        var answer = await client.ReadAnswerAsync(body, cell.Stream);
        var degradations = CellAssertions.AssertAnswer(client, family, upstream, answer, recording.Usage);

        // Issue 6: the stored trace's usage equals what the upstream reported, in every cell.
        var trace = await Traces.WaitForAsync(gateway.Godex, Traces.RequestId(response));
        CellAssertions.AssertUsage(recording.Usage, new Wire.Usage
        {
            InputTokens = trace.InputTokens,
            OutputTokens = trace.OutputTokens,
            CachedInputTokens = trace.CachedInputTokens,
            ReasoningTokens = trace.ReasoningTokens,
        });
        Assert.False(trace.UsageEstimated);
        return new CellObservation(cell, null, degradations);
    }

    public static void Reply(ScriptedUpstream upstream, Recording recording, bool stream)
    {
        if (stream)
        {
            upstream.ReplySse(recording.Body());
        }
        else
        {
            upstream.ReplyJson(recording.Body());
        }
    }
}
