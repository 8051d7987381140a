using Godex.Wire;

namespace Godex.Gateway.Agents;

/// <summary>A tool handler that answers each tool with a fixed output (`godex exec --auto-tools --tool-output NAME=VALUE`).</summary>
public sealed class StaticToolOutputs(IReadOnlyDictionary<string, string> outputs)
{
    public Task<ToolResultPart> HandleAsync(ToolCallPart call, CancellationToken cancellationToken) =>
        Task.FromResult(outputs.TryGetValue(call.Name, out var output)
            ? new ToolResultPart(call.Id, [new TextPart(output)]) { Name = call.Name }
            : new ToolResultPart(call.Id, [new TextPart($"No output is configured for tool '{call.Name}' (use --tool-output {call.Name}=VALUE).")]) { Name = call.Name, IsError = true });
}
