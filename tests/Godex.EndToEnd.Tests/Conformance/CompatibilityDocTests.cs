namespace Godex.EndToEnd.Tests.Conformance;

/// <summary>docs/compatibility.md is what the suite observes; this fails when the committed page is out of date.</summary>
public sealed class CompatibilityDocTests(ConformanceGateway gateway) : IClassFixture<ConformanceGateway>
{
    [Fact]
    public async Task Committed_compatibility_matrix_matches_what_the_suite_observes()
    {
        var observations = new List<CellObservation>();
        foreach (var cell in Cell.All())
        {
            observations.Add(await CellRunner.RunAsync(gateway, cell));
        }

        var rendered = CompatibilityDoc.Render(observations);
        var path = Path.Combine(CompatibilityDoc.RepositoryRoot(), CompatibilityDoc.RelativePath);
        if (Environment.GetEnvironmentVariable(CompatibilityDoc.UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, rendered);
        }

        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        Assert.True(committed == rendered, $"{CompatibilityDoc.RelativePath} is out of date with the conformance suite; rerun with {CompatibilityDoc.UpdateVariable}=1 and commit it.");
    }
}
