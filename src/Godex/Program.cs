using System.CommandLine;

using Godex.Commands;

var root = new RootCommand("Godex: an LLM gateway. Any client protocol (OpenAI Chat, Responses, Anthropic, Gemini) to any provider.")
{
    ServeCommand.Create(),
    ConfigCommand.Create(),
    InitCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
