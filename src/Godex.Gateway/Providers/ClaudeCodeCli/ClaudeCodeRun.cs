using System.Diagnostics;
using System.Text;

namespace Godex.Gateway.Providers.ClaudeCodeCli;

/// <summary>
/// One `claude` process: started in an empty temporary folder, fed the prompt on stdin, read line by
/// line from stdout, with the last lines of stderr kept (secrets blanked) for error messages.
/// Disposing kills the whole process tree if it still runs and deletes the folder.
/// </summary>
internal sealed class ClaudeCodeRun : IDisposable
{
    private const int StderrLines = 12;

    private readonly Process _process;
    private readonly string _directory;
    private readonly IReadOnlyCollection<string> _secrets;
    private readonly Queue<string> _stderr = new();
    private readonly Task _stderrDone;

    private ClaudeCodeRun(Process process, string directory, IReadOnlyCollection<string> secrets)
    {
        (_process, _directory, _secrets) = (process, directory, secrets);
        _stderrDone = ReadStderrAsync();
    }

    public int ProcessId => _process.Id;

    /// <summary>Starts the process and writes the prompt; throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot start.</summary>
    public static async Task<ClaudeCodeRun> StartAsync(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string stdin, IReadOnlyCollection<string> secrets, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("godex-claude-").FullName;
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{command}' did not start.");
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        var run = new ClaudeCodeRun(process, directory, secrets);
        try
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited before reading its prompt; its exit code and stderr tell why.
        }

        return run;
    }

    public ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => _process.StandardOutput.ReadLineAsync(cancellationToken);

    /// <summary>Waits for the exit (stdout has ended) and returns the exit code with the last lines of stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> ExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _stderrDone.WaitAsync(cancellationToken);
        lock (_stderr)
        {
            return (_process.ExitCode, string.Join("\n", _stderr));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Node's CLI may have children of its own (MCP servers, shells); none may outlive the request.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is the OS's to clean.
        }
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_stderr)
                {
                    _stderr.Enqueue(Blank(line));
                    if (_stderr.Count > StderrLines)
                    {
                        _stderr.Dequeue();
                    }
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process was killed; what was read is enough.
        }
    }

    private string Blank(string line)
    {
        foreach (var secret in _secrets)
        {
            line = Security.SecretText.Redact(line, secret);
        }

        return line;
    }
}
