using System.ClientModel;
using System.Reflection;
using System.Text;
using System.Text.Json;

using Godex.EndToEnd.Tests.Infrastructure;

using OpenAI;
using OpenAI.Chat;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>The official OpenAI .NET SDK's ChatClient, in-process, as an application would call it.</summary>
public sealed class DotnetOpenAIClient : IRealClient
{
    private static readonly ChatTool RunCommand = ChatTool.CreateFunctionTool(
        "run_command",
        "Runs a shell command and returns what it printed.",
        BinaryData.FromString("""{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}"""));

    public string Name => "dotnet openai";

    public string Version => "OpenAI " + typeof(ChatClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    public ModelAnswer ToolCall => ModelAnswer.Call("run_command", """{"command":"echo godex\"\"-ok"}""");

    public async Task<ClientOutput> RunAsync(ClientCase kind, Uri godex, string prompt, string scratch)
    {
        var client = new ChatClient("gpt-4.1", new ApiKeyCredential(UpstreamConfig.ClientKey), new OpenAIClientOptions { Endpoint = new Uri(godex, "/v1") });
        try
        {
            return new ClientOutput(0, await AnswerAsync(client, kind, prompt), "");
        }
        catch (Exception error) when (error is ClientResultException or InvalidOperationException or JsonException or KeyNotFoundException or ArgumentException)
        {
            return new ClientOutput(1, "", error.ToString());
        }
    }

    private static async Task<string> AnswerAsync(ChatClient client, ClientCase kind, string prompt)
    {
        List<ChatMessage> messages = [new UserChatMessage(prompt)];
        switch (kind)
        {
            case ClientCase.Stream:
                var text = new StringBuilder();
                await foreach (var update in client.CompleteChatStreamingAsync(messages))
                {
                    foreach (var part in update.ContentUpdate)
                    {
                        text.Append(part.Text);
                    }
                }

                return text.ToString();
            case ClientCase.Tool:
                var options = new ChatCompletionOptions { Tools = { RunCommand } };
                ChatCompletion first = await client.CompleteChatAsync(messages, options);
                var call = first.ToolCalls.Single();
                var command = JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("command").GetString()!;
                messages.Add(new AssistantChatMessage(first));
                messages.Add(new ToolChatMessage(call.Id, HarmlessShell.Run(command)));
                ChatCompletion second = await client.CompleteChatAsync(messages, options);
                return second.Content[0].Text;
            default:
                ChatCompletion completion = await client.CompleteChatAsync(messages);
                return completion.Content[0].Text;
        }
    }
}
