namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>
/// Every client protocol × every upstream family × {stream, non-stream} × every scenario, against the
/// real server and recorded provider transcripts.
/// </summary>
public sealed class ConformanceMatrixTests(ConformanceGateway gateway) : IClassFixture<ConformanceGateway>
{
    public static TheoryData<string, string, bool, Scenario> Cells()
    {
        var data = new TheoryData<string, string, bool, Scenario>();
        foreach (var cell in Cell.All())
        {
            data.Add(cell.Client, cell.Family, cell.Stream, cell.Scenario);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_carries_text_tool_calls_reasoning_and_usage(string client, string family, bool stream, Scenario scenario)
    {
        var observation = await CellRunner.RunAsync(gateway, new Cell(client, family, stream, scenario));

        Assert.Null(observation.Refusal);
        if (client == family)
        {
            // Same protocol in and out has a field for everything the upstream sent.
            Assert.Empty(observation.Degradations);
        }
    }
}
