using Godex.Gateway.Failover;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>`routing.commit`: when a streamed answer stops failing over.</summary>
public sealed class CommitConfigTests
{
    [Theory]
    [InlineData("", CommitPoint.FirstEvent)]
    [InlineData("routing: { commit: first_event }", CommitPoint.FirstEvent)]
    [InlineData("routing: { commit: headers }", CommitPoint.Headers)]
    public void The_commit_point_is_read(string yaml, CommitPoint expected) =>
        Assert.Equal(expected, Yaml.Load(yaml).Routing.Commit);

    [Fact]
    public void An_unknown_commit_point_names_the_key_and_the_choices()
    {
        var message = Yaml.Error("routing: { commit: body }");

        Assert.Contains("'routing.commit': 'body' is not a commit point (first_event or headers).", message, StringComparison.Ordinal);
    }
}
