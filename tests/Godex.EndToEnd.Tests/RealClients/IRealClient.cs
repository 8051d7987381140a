namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>A real client of Godex: an agent CLI, a Node SDK or a .NET SDK, as its users run it.</summary>
public interface IRealClient
{
    /// <summary>Short name for the report.</summary>
    string Name { get; }

    /// <summary>The client's version as installed (read from the package, not assumed).</summary>
    string Version { get; }

    /// <summary>
    /// The call the scripted model makes in the tool case: a tool this client offers, with arguments
    /// that make it print <see cref="FamilyGateway.ToolOutput"/> without the marker appearing in the
    /// arguments themselves (so only a real tool result can carry it).
    /// </summary>
    ModelAnswer ToolCall { get; }

    /// <summary>Runs one case with <paramref name="prompt"/> against Godex; <paramref name="scratch"/> is an empty directory it may use as HOME and workspace.</summary>
    Task<ClientOutput> RunAsync(ClientCase kind, Uri godex, string prompt, string scratch);
}
