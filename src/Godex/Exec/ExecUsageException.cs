namespace Godex.Exec;

/// <summary>A mistake in how `godex exec` was called: reported in one line, exit code 2.</summary>
internal sealed class ExecUsageException(string message) : Exception(message);
