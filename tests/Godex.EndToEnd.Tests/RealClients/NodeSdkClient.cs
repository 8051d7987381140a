using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>An official Node SDK driven by tests/clients/sdk-client.cjs (one of its four front doors).</summary>
public sealed class NodeSdkClient(string sdk, string package, string model) : IRealClient
{
    public string Name => "node " + sdk;

    public string Version => package + " " + ClientsCache.Version(package);

    // The marker is split by shell quoting so it only appears once the command has run.
    public ModelAnswer ToolCall => ModelAnswer.Call("run_command", """{"command":"echo godex\"\"-ok"}""");

    public Task<ClientOutput> RunAsync(ClientCase kind, Uri godex, string prompt, string scratch) =>
        ClientProcess.RunAsync(
            "node",
            [ClientsCache.SdkScript, sdk, kind.ToString().ToLowerInvariant(), model, prompt],
            scratch,
            new Dictionary<string, string>
            {
                ["HOME"] = scratch,
                ["NODE_PATH"] = ClientsCache.NodeModules,
                ["GODEX_BASE_URL"] = godex.ToString().TrimEnd('/'),
                ["GODEX_API_KEY"] = UpstreamConfig.ClientKey,
            },
            TimeSpan.FromSeconds(60));
}
