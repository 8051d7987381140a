using Godex.Wire;

namespace Godex.Gateway.Providers.ClaudeCodeCli;

/// <summary>The command line of one run (flags checked against Claude Code 2.1.197's `claude --help`).</summary>
public static class ClaudeCodeArguments
{
    public static List<string> For(ClaudeCodePrompt prompt, ChatRequest request, IReadOnlyList<string> extra)
    {
        List<string> arguments =
        [
            "-p",
            "--output-format", "stream-json",
            "--verbose", // stream-json in print mode requires it
            "--include-partial-messages", // token-level stream_event lines
            "--tools", "", // none of the CLI's own tools may run on the gateway host
            "--max-turns", "1",
            "--no-session-persistence",
        ];
        if (request.Model.Length > 0)
        {
            arguments.AddRange(["--model", request.Model]);
        }

        if (prompt.SystemPrompt is { } system)
        {
            arguments.AddRange(["--system-prompt", system]);
        }

        if (Effort(request.Reasoning?.Effort) is { } effort)
        {
            arguments.AddRange(["--effort", effort]);
        }

        arguments.AddRange(extra);
        return arguments;
    }

    /// <summary>The CLI's scale is low, medium, high, xhigh, max; OpenAI's minimal is its low.</summary>
    private static string? Effort(string? effort) => effort switch
    {
        "minimal" or "low" => "low",
        "medium" or "high" or "xhigh" or "max" => effort,
        _ => null,
    };
}
