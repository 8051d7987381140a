namespace Godex.Gateway.Providers.ClaudeCodeCli;

/// <summary>Finds the CLI's executable at start-up, so a missing install skips the provider with a reason instead of failing every request.</summary>
public static class ClaudeCodeCommand
{
    public const string Default = "claude";

    /// <summary>The full path of <paramref name="command"/> (a path, or a name looked up on PATH), or null when there is no such executable.</summary>
    public static string? Resolve(string? command, Func<string, string?> environment)
    {
        command ??= Default;
        if (command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(command))
        {
            var full = Path.GetFullPath(command);
            return IsExecutable(full) ? full : null;
        }

        foreach (var directory in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string SkipReason(string providerName, string? command) =>
        command is null
            ? $"the Claude Code CLI '{Default}' is not on PATH (install it, or set providers.{providerName}.command to its path)"
            : $"the Claude Code CLI '{command}' (providers.{providerName}.command) is not an executable file";

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
