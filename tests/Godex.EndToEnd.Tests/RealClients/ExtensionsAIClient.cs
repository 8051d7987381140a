using System.ClientModel;
using System.Reflection;
using System.Text;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.Extensions.AI;

using OpenAI;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// Microsoft.Extensions.AI's IChatClient over the OpenAI SDK, in-process; the tool case lets
/// UseFunctionInvocation run the tool and send the result, as applications built on it do.
/// </summary>
public sealed class ExtensionsAIClient : IRealClient
{
    public string Name => "dotnet extensions-ai";

    public string Version => "Microsoft.Extensions.AI.OpenAI " + typeof(OpenAIClientExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    public ModelAnswer ToolCall => ModelAnswer.Call("run_command", """{"command":"echo godex\"\"-ok"}""");

    public async Task<ClientOutput> RunAsync(ClientCase kind, Uri godex, string prompt, string scratch)
    {
        using var chat = new OpenAI.Chat.ChatClient("gpt-4.1", new ApiKeyCredential(UpstreamConfig.ClientKey), new OpenAIClientOptions { Endpoint = new Uri(godex, "/v1") }).AsIChatClient();
        try
        {
            return new ClientOutput(0, await AnswerAsync(chat, kind, prompt), "");
        }
        catch (Exception error) when (error is ClientResultException or InvalidOperationException or ArgumentException)
        {
            return new ClientOutput(1, "", error.ToString());
        }
    }

    private static async Task<string> AnswerAsync(IChatClient chat, ClientCase kind, string prompt)
    {
        switch (kind)
        {
            case ClientCase.Stream:
                var text = new StringBuilder();
                await foreach (var update in chat.GetStreamingResponseAsync(prompt))
                {
                    text.Append(update.Text);
                }

                return text.ToString();
            case ClientCase.Tool:
                using (var agent = new ChatClientBuilder(chat).UseFunctionInvocation().Build())
                {
                    var tool = AIFunctionFactory.Create((string command) => HarmlessShell.Run(command), "run_command", "Runs a shell command and returns what it printed.");
                    var response = await agent.GetResponseAsync(prompt, new ChatOptions { Tools = [tool] });
                    return response.Text;
                }

            default:
                return (await chat.GetResponseAsync(prompt)).Text;
        }
    }
}
