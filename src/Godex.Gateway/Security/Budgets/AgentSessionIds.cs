using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Security.Budgets;

/// <summary>
/// The agent session a request belongs to, from the headers the agents send: Claude Code's
/// `x-claude-code-session-id`, Codex's `session_id` / `session-id` (and `conversation_id`), OpenClaw's
/// `x-openclaw-session-key`. Null for a request that names none.
/// </summary>
public static class AgentSessionIds
{
    private static readonly string[] Headers = ["x-claude-code-session-id", "session_id", "session-id", "conversation_id", Sessions.SessionKeys.Header];

    public static string? Find(IHeaderDictionary headers)
    {
        foreach (var name in Headers)
        {
            if (headers[name].ToString() is { Length: > 0 } value)
            {
                return value.Length <= 256 ? value : value[..256];
            }
        }

        return null;
    }
}
