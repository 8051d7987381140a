using System.CommandLine;

using Godex.Commands;
using Godex.Commands.Keys;
using Godex.Exec;

var root = new RootCommand("Godex: an LLM gateway. Any client protocol (OpenAI Chat, Responses, Anthropic, Gemini) to any provider.")
{
    ServeCommand.Create(),
    ConfigCommand.Create(),
    InitCommand.Create(),
    ExecCommand.Create(),
    TracesCommand.Create(),
    ModelsCommand.Create(),
    KeysCommand.Create(),
    UsageCommand.Create(),
    ProbeCommand.Create(),
    AttachCommand.Create(),
    CompletionCommand.Create(),
};

var parsed = root.Parse(args);

// `serve` stops gracefully itself (open streams get `shutdown_timeout`), past System.CommandLine's two-second grace.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = ServeCommand.Runs(parsed) ? null : TimeSpan.FromSeconds(2) };
return await parsed.InvokeAsync(invocation);
