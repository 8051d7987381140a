using System.Text.Json.Nodes;

using Godex.Wire;

namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>
/// Two turns per client protocol and upstream family: the client echoes the answer back as its real
/// clients do and adds the tool's result (or a follow-up); the upstream must get the history in its own
/// shape, the result paired with its call by the call's id, and every signature the client carried unchanged.
/// </summary>
public sealed class ToolRoundTripTests(ConformanceGateway gateway) : IClassFixture<ConformanceGateway>
{
    public static TheoryData<string, string, Scenario> Pairs()
    {
        var data = new TheoryData<string, string, Scenario>();
        foreach (var client in ClientProtocol.All)
        {
            foreach (var family in UpstreamFamily.All)
            {
                data.Add(client.Name, family.Name, Scenario.Tool);
                data.Add(client.Name, family.Name, Scenario.Reasoning);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task History_reaches_the_upstream_paired_and_with_signatures_unchanged(string clientName, string familyName, Scenario scenario)
    {
        var client = ClientProtocol.Named(clientName);
        var family = UpstreamFamily.Named(familyName);
        var first = family.Recordings[(scenario, false)];
        gateway.Upstream.Received.Clear();
        CellRunner.Reply(gateway.Upstream, first, stream: false);
        CellRunner.Reply(gateway.Upstream, family.Recordings[(Scenario.Text, false)], stream: false);

        var body = client.FirstTurn(family.Model, stream: false);
        using var firstResponse = await gateway.Godex.Http.SendAsync(client.Request(family.Model, false, body));
        var answerBytes = await firstResponse.Content.ReadAsByteArrayAsync();
        Assert.True(firstResponse.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(answerBytes));
        var answer = await client.ReadAnswerAsync(answerBytes, stream: false);

        using var secondResponse = await gateway.Godex.Http.SendAsync(client.Request(family.Model, false, client.NextTurn(body, JsonNode.Parse(answerBytes)!)));
        Assert.True(secondResponse.IsSuccessStatusCode, await secondResponse.Content.ReadAsStringAsync());

        Assert.Equal(2, gateway.Upstream.Received.Count);
        var second = family.ReadRequest(gateway.Upstream.Received.ToArray()[1].Body!);
        var upstreamAnswer = await family.ReadAnswerAsync(first, stream: false);
        var history = second.Messages.SelectMany(message => message.Parts).ToList();

        // The calls come back as the upstream made them, each answered by a result naming the same id.
        var calls = history.OfType<ToolCallPart>().ToList();
        var results = history.OfType<ToolResultPart>().ToList();
        Assert.Equal(CellAssertions.Calls(upstreamAnswer).Count, calls.Count);
        Assert.Equal(calls.Count, results.Count);
        foreach (var (want, (got, result)) in CellAssertions.Calls(upstreamAnswer).Zip(calls.Zip(results)))
        {
            Assert.Equal(want.Name, got.Name);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(want.ArgumentsJson), JsonNode.Parse(got.ArgumentsJson)));
            Assert.Equal(got.Id, result.CallId);
            if (!Godex.Wire.Gemini.GeminiProtocol.IsSyntheticCallId(want.Id))
            {
                Assert.Equal(want.Id, got.Id);
            }

            Assert.Contains("foggy", result.TextContent(), StringComparison.Ordinal);
        }

        // Whatever opaque reasoning the client could carry goes back to the same family byte for byte.
        var replayed = CellAssertions.Opaque(new ChatResponse { Parts = history });
        foreach (var value in CellAssertions.Opaque(answer).Intersect(CellAssertions.Opaque(upstreamAnswer)))
        {
            Assert.Contains(value, replayed);
        }
    }
}
