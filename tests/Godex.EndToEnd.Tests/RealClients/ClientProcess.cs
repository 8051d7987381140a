using System.Diagnostics;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>What a client process did: its exit code and everything it printed.</summary>
public sealed record ClientOutput(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs a real client as a process with its own environment, no stdin, and a deadline.</summary>
public static class ClientProcess
{
    public static async Task<ClientOutput> RunAsync(string executable, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what the client needs: a PATH to find node and sh, and the case's own variables. Nothing
        // inherited can point a client at a real provider.
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        info.Environment["LANG"] = "C.UTF-8";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ClientOutput(-1, await stdout, await stderr + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }

        return new ClientOutput(process.ExitCode, await stdout, await stderr);
    }
}
