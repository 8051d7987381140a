using System.Diagnostics;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.RealClients;

[CollectionDefinition(Name)]
public sealed class RealClientsCollection : ICollectionFixture<ClientReport>
{
    public const string Name = "RealClients";
}

/// <summary>
/// Every real client × every upstream family × text, stream and a tool round trip, through Godex
/// in-process, with the clients as real processes (or, for .NET, the real SDKs in-process) and a
/// scripted upstream answering in the family's own wire format. Needs scripts/clients first.
/// One collection: the agent CLIs are heavy, and running them one at a time keeps a 2-core machine fair.
/// </summary>
[Collection(RealClientsCollection.Name)]
[Trait("Category", "RealClients")]
public sealed class RealClientTests(ClientReport report)
{
    // Known Godex gaps, each skipped below with the reason (never left out of the matrix silently).
    private static readonly (UpstreamFamily, ClientCase)[] ClaudeCodeGaps = [(UpstreamFamily.Gemini, ClientCase.Text), (UpstreamFamily.Gemini, ClientCase.Tool)];
    private static readonly (UpstreamFamily, ClientCase)[] GeminiCliGaps =
        [(UpstreamFamily.Responses, ClientCase.Text), (UpstreamFamily.Responses, ClientCase.Stream), (UpstreamFamily.Responses, ClientCase.Tool), (UpstreamFamily.Anthropic, ClientCase.Tool)];

    public static TheoryData<UpstreamFamily, ClientCase> Cases() => CasesExcept([]);

    public static TheoryData<UpstreamFamily, ClientCase> ClaudeCodeCases() => CasesExcept(ClaudeCodeGaps);

    public static TheoryData<UpstreamFamily, ClientCase> GeminiCliCases() => CasesExcept(GeminiCliGaps);

    private static TheoryData<UpstreamFamily, ClientCase> CasesExcept((UpstreamFamily, ClientCase)[] gaps)
    {
        var cases = new TheoryData<UpstreamFamily, ClientCase>();
        foreach (var family in Enum.GetValues<UpstreamFamily>())
        {
            foreach (var kind in Enum.GetValues<ClientCase>().Where(kind => !gaps.Contains((family, kind))))
            {
                cases.Add(family, kind);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Codex_cli(UpstreamFamily family, ClientCase kind) => RunAsync(new CodexCli(), family, kind);

    // Codex's default config offers its hosted web_search; the planner removes it (recorded) for upstreams without it.
    [Theory]
    [InlineData(UpstreamFamily.Chat, ClientCase.Text)]
    [InlineData(UpstreamFamily.Anthropic, ClientCase.Text)]
    [InlineData(UpstreamFamily.Gemini, ClientCase.Text)]
    public Task Codex_cli_with_web_search_on(UpstreamFamily family, ClientCase kind) => RunAsync(new CodexCli(webSearch: true), family, kind);

    [Theory]
    [MemberData(nameof(ClaudeCodeCases))]
    public Task Claude_code(UpstreamFamily family, ClientCase kind) => RunAsync(new ClaudeCode(), family, kind);

    // Gemini's closing thoughtSignature (on the last, empty text part) must not become a thinking block after the text,
    // or `claude -p` prints nothing: it prints the last block.
    [Theory]
    [InlineData(UpstreamFamily.Gemini, ClientCase.Text)]
    [InlineData(UpstreamFamily.Gemini, ClientCase.Tool)]
    public Task Claude_code_to_gemini_prints_the_answer(UpstreamFamily family, ClientCase kind) => RunAsync(new ClaudeCode(), family, kind);

    [Theory]
    [MemberData(nameof(GeminiCliCases))]
    public Task Gemini_cli(UpstreamFamily family, ClientCase kind) => RunAsync(new GeminiCli(), family, kind);

    // Gemini CLI always sends generationConfig.topK, which OpenAI's protocols lack: the planner drops it (recorded).
    [Theory]
    [InlineData(UpstreamFamily.Responses, ClientCase.Text)]
    [InlineData(UpstreamFamily.Responses, ClientCase.Stream)]
    [InlineData(UpstreamFamily.Responses, ClientCase.Tool)]
    public Task Gemini_cli_to_responses(UpstreamFamily family, ClientCase kind) => RunAsync(new GeminiCli(), family, kind);

    // Gemini CLI drops thought parts when it replays history, but Anthropic with thinking on needs the signed
    // thinking block before tool_use: Godex carries it on the functionCall's thoughtSignature, which the CLI keeps.
    [Theory]
    [InlineData(UpstreamFamily.Anthropic, ClientCase.Tool)]
    public Task Gemini_cli_tool_to_anthropic(UpstreamFamily family, ClientCase kind) => RunAsync(new GeminiCli(), family, kind);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Node_openai_chat(UpstreamFamily family, ClientCase kind) => RunAsync(new NodeSdkClient("openai-chat", "openai", "gpt-4.1"), family, kind);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Node_openai_responses(UpstreamFamily family, ClientCase kind) => RunAsync(new NodeSdkClient("openai-responses", "openai", "gpt-5"), family, kind);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Node_anthropic(UpstreamFamily family, ClientCase kind) => RunAsync(new NodeSdkClient("anthropic", "@anthropic-ai/sdk", "claude-sonnet-4-5"), family, kind);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Node_genai(UpstreamFamily family, ClientCase kind) => RunAsync(new NodeSdkClient("genai", "@google/genai", "gemini-3-pro-preview"), family, kind);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Dotnet_openai(UpstreamFamily family, ClientCase kind) => RunAsync(new DotnetOpenAIClient(), family, kind);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Dotnet_extensions_ai(UpstreamFamily family, ClientCase kind) => RunAsync(new ExtensionsAIClient(), family, kind);

    private async Task RunAsync(IRealClient client, UpstreamFamily family, ClientCase kind)
    {
        var clock = Stopwatch.StartNew();
        var passed = false;
        try
        {
            await RunCaseAsync(client, family, kind);
            passed = true;
        }
        finally
        {
            report.Add(new ClientReportRow(client.Name, VersionOf(client), family, kind, passed, clock.Elapsed.TotalSeconds));
        }
    }

    private static string VersionOf(IRealClient client)
    {
        try
        {
            return client.Version;
        }
        catch (InvalidOperationException)
        {
            return "not installed";
        }
    }

    private static async Task RunCaseAsync(IRealClient client, UpstreamFamily family, ClientCase kind)
    {
        await using var gateway = await FamilyGateway.StartAsync(family);
        var nonce = Guid.NewGuid().ToString("N")[..10];
        gateway.Text = $"Hello from the {family} upstream {nonce}";
        gateway.ToolCall = kind == ClientCase.Tool ? client.ToolCall : null;
        var prompt = kind == ClientCase.Tool
            ? $"Run the harmless command and tell me what it printed. Case {nonce}."
            : $"Say hello. Case {nonce}.";
        var scratch = GodexProcess.ScratchDirectory();
        try
        {
            var output = await client.RunAsync(kind, gateway.Godex.BaseUrl, prompt, scratch);
            var requests = gateway.ModelRequests();
            var asked = requests.Where(r => r.Body.ToJsonString().Contains(nonce, StringComparison.Ordinal)).ToList();
            var context = $"{client.Name} → {family} ({kind})\n{output}\n--- upstream saw {requests.Count} model requests; tools offered: "
                + string.Join(", ", requests.SelectMany(r => gateway.Wire.ToolNames(r.Body)).Distinct())
                + "\n--- rejections: " + string.Join(" | ", gateway.Rejections);

            Assert.True(output.ExitCode == 0, context);
            Assert.True(gateway.Rejections.Count == 0, context);
            Assert.True(asked.Count > 0, "the prompt never reached the upstream in its own format\n" + context);
            Assert.DoesNotContain(gateway.Upstream.Received, r => r.Headers.Values.Any(v => v.Contains(UpstreamConfig.ClientKey, StringComparison.Ordinal)));
            if (kind == ClientCase.Tool)
            {
                Assert.True(asked.Any(r => gateway.Wire.ToolResults(r.Body).Any(t => t.Contains(FamilyGateway.ToolOutput, StringComparison.Ordinal))), "no follow-up carried the tool result\n" + context);
                Assert.True(output.Stdout.Contains(FamilyGateway.FinalAnswer, StringComparison.Ordinal), "the final answer was not printed\n" + context);
            }
            else
            {
                Assert.True(Printed(output.Stdout, gateway.Text), "the model's text was not printed\n" + context);
            }

            if (kind == ClientCase.Stream)
            {
                Assert.True(asked.Any(r => gateway.Wire.IsStreaming(r.Path, r.Body)), "a streamed turn did not stream from the upstream\n" + context);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Whether the client printed the text, whole or (in an event-stream mode) as consecutive deltas.</summary>
    private static bool Printed(string stdout, string text) =>
        stdout.Contains(text, StringComparison.Ordinal) || WireText.Deltas(text).All(piece => stdout.Contains(piece, StringComparison.Ordinal));
}
