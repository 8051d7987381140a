using Godex.Gateway.Agents;
using Godex.Wire;

namespace Godex.Exec;

/// <summary>How `godex exec` shows a run: plain text or JSONL.</summary>
internal interface IExecOutput : IToolLoopObserver
{
    void RunStarted(string model, string mode);

    void RunFinished(ToolLoopResult result);

    void Error(GodexError error);
}
