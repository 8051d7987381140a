using System.CommandLine;

using Godex.Commands;
using Godex.Exec;

var root = new RootCommand("Godex: an LLM gateway. Any client protocol (OpenAI Chat, Responses, Anthropic, Gemini) to any provider.")
{
    ServeCommand.Create(),
    ConfigCommand.Create(),
    InitCommand.Create(),
    ExecCommand.Create(),
    TracesCommand.Create(),
    ModelsCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
