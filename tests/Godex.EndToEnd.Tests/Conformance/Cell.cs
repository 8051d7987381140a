namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>One cell of the matrix: a client protocol in front, an upstream family behind, streamed or not, and what is asked.</summary>
public sealed record Cell(string Client, string Family, bool Stream, Scenario Scenario)
{
    public static IEnumerable<Cell> All() =>
        from client in ClientProtocol.All
        from family in UpstreamFamily.All
        from stream in new[] { true, false }
        from scenario in Enum.GetValues<Scenario>()
        select new Cell(client.Name, family.Name, stream, scenario);

    public override string ToString() => $"{Client} -> {Family} {(Stream ? "stream" : "non-stream")} {Scenario}";
}

/// <summary>What the suite saw in a cell: a refusal (status and reason), or the degradations it observed (none means passes).</summary>
public sealed record CellObservation(Cell Cell, string? Refusal, IReadOnlyList<string> Degradations);
