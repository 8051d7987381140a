using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the built `godex` executable as a user would, in a scratch directory with a scratch HOME.</summary>
public sealed class GodexProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GodexProcess(Process process) => _process = process;

    public static string ScratchDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "godex-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunWithInputAsync(workingDirectory, environment, "", args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInputAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string stdin, params string[] args)
    {
        var info = StartInfo(workingDirectory, environment, args);
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts `godex serve` and waits until it logs the address it listens on.</summary>
    public static async Task<GodexProcess> ServeAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var godex = Start(workingDirectory, environment, ["serve", .. args]);
        await godex._listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return godex;
    }

    /// <summary>Starts a long-running verb (`serve`, `attach`); its output collects in <see cref="Output"/> as it comes.</summary>
    public static GodexProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(workingDirectory, environment, args) };
        var godex = new GodexProcess(process);
        process.OutputDataReceived += (_, line) => godex.OnLine(line.Data);
        process.ErrorDataReceived += (_, line) => godex.OnLine(line.Data);
        process.Exited += (_, _) => godex._listening.TrySetException(new InvalidOperationException($"godex {args[0]} exited: " + godex.Output));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return godex;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Sends a POSIX signal (TERM, HUP, ...) to the server, as an init system or an operator does.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {_process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>SIGKILL at once, from this thread (no `kill` process to start): a crash at the instant the caller chooses.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the server to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until the server has logged a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"godex did not log '{text}' within {timeout}: {Output}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var at = line.IndexOf("listening on ", StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(line[(at + "listening on ".Length)..].Split(' ')[0]);
        }
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "godex.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("GODEX", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["HOME"] = workingDirectory;
        info.Environment["XDG_DATA_HOME"] = Path.Combine(workingDirectory, ".local", "share");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
