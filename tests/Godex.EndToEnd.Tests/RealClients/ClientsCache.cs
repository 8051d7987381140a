using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// The folder scripts/clients installs the pinned Node clients into: GODEX_CLIENTS_CACHE, or the
/// script's default. A missing cache fails the tier loudly instead of skipping it.
/// </summary>
public static class ClientsCache
{
    public static string Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("GODEX_CLIENTS_CACHE") is { Length: > 0 } set
                ? set
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "godex-clients");
            if (!Directory.Exists(Path.Combine(root, "node_modules")))
            {
                throw new InvalidOperationException($"The real clients are not installed in {root}: run scripts/clients (or set GODEX_CLIENTS_CACHE to where it installed them).");
            }

            return root;
        }
    }

    public static string Bin(string name) => Path.Combine(Root, "node_modules", ".bin", name);

    public static string NodeModules => Path.Combine(Root, "node_modules");

    public static string Version(string package) =>
        (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(NodeModules, package, "package.json")))!["version"] ?? "?";

    /// <summary>The SDK driver script, copied next to the test binaries from tests/clients.</summary>
    public static string SdkScript => Path.Combine(AppContext.BaseDirectory, "clients", "sdk-client.cjs");
}
