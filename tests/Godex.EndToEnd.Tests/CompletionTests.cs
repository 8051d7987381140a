using System.Diagnostics;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests;

/// <summary>`godex completion`: the scripts complete from the installed godex (verbs, options, argument values), in a real bash.</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _directory = GodexProcess.ScratchDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("godex ke", "keys")]
    [InlineData("godex keys add --bu", "--budget-usd")]
    [InlineData("godex completion ", "bash fish zsh")]
    [InlineData("godex usage ", "list reset show")]
    public async Task Bash_completes_from_godex_itself(string line, string expected)
    {
        // godex on PATH, as an installed one would be.
        var bin = Path.Combine(_directory, "bin");
        Directory.CreateDirectory(bin);
        var shim = Path.Combine(bin, "godex");
        await File.WriteAllTextAsync(shim, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "godex.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var words = line.EndsWith(' ') ? [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries), ""] : line.Split(' ');
        var script = $"""
            eval "$(godex completion bash)"
            COMP_LINE='{line}'; COMP_POINT=${"{"}#COMP_LINE{"}"}
            COMP_WORDS=({string.Join(' ', words.Select(word => $"'{word}'"))}); COMP_CWORD={words.Length - 1}
            _godex_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["HOME"] = _directory;
        using var bash = Process.Start(info)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        // Options are offered beside a verb's subcommands; the test looks at what the word being completed asks for.
        var wantsOption = words[^1].StartsWith('-');
        var offered = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(word => wantsOption ? word.StartsWith("--", StringComparison.Ordinal) : !word.StartsWith('-') && !word.StartsWith('/')).Order(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(' ', offered));
    }

    [Theory]
    [InlineData("zsh", "compdef _godex godex")]
    [InlineData("fish", "complete -c godex")]
    public async Task Zsh_and_fish_scripts_ask_the_same_directive(string shell, string registers)
    {
        var (exit, stdout, _) = await GodexProcess.RunAsync(_directory, null, "completion", shell);

        Assert.Equal(0, exit);
        Assert.Contains(registers, stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shell_is_refused()
    {
        var (exit, _, stderr) = await GodexProcess.RunAsync(_directory, null, "completion", "powershell");

        Assert.NotEqual(0, exit);
        Assert.Contains("powershell", stderr, StringComparison.Ordinal);
    }
}
