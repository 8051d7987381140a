namespace Godex.Exec;

/// <summary>`godex exec` exit codes, documented in docs/wire.md; stable across versions.</summary>
internal static class ExecExitCodes
{
    public const int Ok = 0;
    public const int UpstreamError = 1;
    public const int UsageError = 2;
    public const int StepLimit = 3;
    public const int ToolCallsPending = 4;
    public const int Interrupted = 130;
}
