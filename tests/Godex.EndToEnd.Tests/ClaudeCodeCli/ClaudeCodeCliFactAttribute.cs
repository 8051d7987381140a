using Godex.EndToEnd.Tests.RealClients;

namespace Godex.EndToEnd.Tests.ClaudeCodeCli;

/// <summary>A test that runs the real pinned Claude Code CLI; skipped, saying why, when scripts/clients has not installed it.</summary>
public sealed class ClaudeCodeCliFactAttribute : FactAttribute
{
    public ClaudeCodeCliFactAttribute()
    {
        if (ClaudeCodeCliGateway.Binary is null)
        {
            Skip = "The pinned Claude Code CLI is not installed: run scripts/clients (or set GODEX_CLIENTS_CACHE to where it installed them).";
        }
    }
}
