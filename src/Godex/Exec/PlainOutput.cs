using Godex.Gateway.Agents;
using Godex.Wire;

namespace Godex.Exec;

/// <summary>
/// Plain mode: the answer's text on stdout as it streams; tool calls, results and errors on stderr
/// (progress only when stderr is a terminal, so pipelines get just the answer).
/// </summary>
internal sealed class PlainOutput(TextWriter stdout, TextWriter stderr, bool progress) : IExecOutput
{
    private bool _endsWithNewline = true;

    public void RunStarted(string model, string mode)
    {
        if (progress)
        {
            stderr.WriteLine($"godex exec: {model} ({mode})");
        }
    }

    public void OnStepStarted(int step)
    {
    }

    public void OnEvent(int step, StreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case TextDelta delta:
                stdout.Write(delta.Text);
                stdout.Flush();
                _endsWithNewline = delta.Text.EndsWith('\n');
                break;
            case PartStarted { Kind: PartKind.ToolCall } call when progress:
                stderr.WriteLine($"→ tool call {call.ToolName} ({call.ToolCallId})");
                break;
        }
    }

    public void OnToolResult(int step, ToolCallPart call, ToolResultPart result)
    {
        if (progress)
        {
            stderr.WriteLine($"← {call.Name}({call.ArgumentsJson}) = {result.TextContent()}{(result.IsError ? " [error]" : "")}");
        }
    }

    public void RunFinished(ToolLoopResult result)
    {
        if (!_endsWithNewline)
        {
            stdout.WriteLine();
        }

        switch (result.Outcome)
        {
            case ToolLoopOutcome.ToolCallsPending:
                foreach (var call in result.LastResponse!.Parts.OfType<ToolCallPart>())
                {
                    stderr.WriteLine($"godex exec: the model called {call.Name}({call.ArgumentsJson}); pass --auto-tools with --tool-output {call.Name}=VALUE to answer it.");
                }

                break;
            case ToolLoopOutcome.StepLimit:
                stderr.WriteLine($"godex exec: stopped after {result.Steps} steps (--max-steps) while the model was still calling tools.");
                break;
        }
    }

    public void Error(GodexError error) => stderr.WriteLine($"godex exec: {error.Message} ({error.Code}, HTTP {error.Status})");
}
