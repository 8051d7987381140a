using System.Diagnostics;

namespace Godex.Bench;

/// <summary>A peer gateway started for comparison.</summary>
public sealed record Peer(ServerProcess Process, Uri BaseUrl);

/// <summary>Installs (once, into a cache folder) and starts peer gateways, pinned to loopback.</summary>
public static class Peers
{
    public static async Task<Peer> PortkeyAsync(string scratch)
    {
        var benchDirectory = FindBenchDirectory();
        var cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "godex-bench", "peers");
        Directory.CreateDirectory(cache);
        var manifest = Path.Combine(benchDirectory, "peers", "package.json");
        var cached = Path.Combine(cache, "package.json");
        if (!File.Exists(cached) || await File.ReadAllTextAsync(cached) != await File.ReadAllTextAsync(manifest) || !Directory.Exists(Path.Combine(cache, "node_modules", "@portkey-ai")))
        {
            File.Copy(manifest, cached, overwrite: true);
            using var install = Process.Start(new ProcessStartInfo("npm", "install --no-audit --no-fund --loglevel=error") { WorkingDirectory = cache })!;
            await install.WaitForExitAsync();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("npm install of the Portkey peer failed");
            }
        }

        var port = FreePortNumber();
        var process = await ServerProcess.StartAsync(
            "node",
            ["--require", Path.Combine(benchDirectory, "peers", "loopback.cjs"), Path.Combine(cache, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js"), $"--port={port}", "--headless"],
            scratch,
            new Uri($"http://127.0.0.1:{port}/"));
        return new Peer(process, new Uri($"http://127.0.0.1:{port}"));
    }

    private static string FindBenchDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "peers", "package.json")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("bench/peers not found above " + AppContext.BaseDirectory);
    }

    private static int FreePortNumber()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
