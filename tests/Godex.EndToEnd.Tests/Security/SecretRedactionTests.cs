using System.Net.Http.Headers;
using System.Text;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Security;

/// <summary>
/// Every secret Godex handles (a client key, an upstream key, a caller's X-Provider-Key, a key guessed
/// wrong) is used in real requests, successful and failing, with payload capture and debug logging
/// on; then every output is searched for them: the answers and their headers, the log, the trace
/// database's files, `godex config print`. None may appear.
/// </summary>
public sealed class SecretRedactionTests : IAsyncLifetime
{
    private const string ClientKey = "gdx-client-2b7e151628aed2a6";
    private const string UpstreamKey = "sk-upstream-abf7158809cf4f3c";
    private const string CallersKey = "sk-callers-own-762e7160f38b4da5";
    private const string WrongKey = "gdx-guessed-wrong-56a04ec1";

    private static readonly string[] Secrets = [ClientKey, UpstreamKey, CallersKey, WrongKey];

    private CapturedLogs Logs { get; } = new();
    private readonly StringBuilder _answers = new();
    private ScriptedUpstream _upstream = null!;
    private GodexHost _godex = null!;
    private string _config = "";

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedUpstream.StartAsync();
        _config = $$"""
            keys: [ "${CLIENT_KEY}" ]
            log_level: debug
            log_requests: true
            providers:
              local: { type: openai, base_url: "{{_upstream.ChatBaseUrl}}", api_key: "${UPSTREAM_KEY}", models: [ llama ] }
              mock: { type: mock }
            trace: { capture_payload: true }
            """;
        var environment = new Dictionary<string, string> { ["CLIENT_KEY"] = ClientKey, ["UPSTREAM_KEY"] = UpstreamKey };
        _godex = await GodexHost.StartAsync(_config, environment: environment, logging: Logs.Add);
    }

    public async Task DisposeAsync()
    {
        await _godex.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task No_secret_appears_in_any_answer_log_trace_or_printed_config()
    {
        const string Answer = """{"id":"c1","object":"chat.completion","created":1,"model":"llama","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
        _upstream.ReplyJson(Answer);
        await SendAsync("/v1/chat/completions", Chat("llama"), bearer: ClientKey, expect: 200);

        await SendAsync("/v1/chat/completions", Chat("llama"), bearer: WrongKey, expect: 401);
        await SendAsync($"/v1beta/models/mock:generateContent?key={WrongKey}", """{"contents":[{"parts":[{"text":"hi"}]}]}""", bearer: null, expect: 401);
        await SendAsync($"/v1beta/models/mock:generateContent?key={ClientKey}", """{"contents":[{"parts":[{"text":"hi"}]}]}""", bearer: null, expect: 200);

        _upstream.ReplyJson(Answer);
        await SendAsync("/v1/chat/completions", Chat("llama"), bearer: ClientKey, expect: 200, providerKey: CallersKey);
        Assert.Equal($"Bearer {CallersKey}", _upstream.Received.Last().Headers["authorization"]); // it did reach the upstream

        // An upstream that echoes the key it was given in its error (some do, in full).
        _upstream.ReplyJson($$$"""{"error":{"message":"Incorrect API key provided: {{{UpstreamKey}}}.","type":"invalid_request_error","code":"invalid_api_key"}}""", status: 401);
        await SendAsync("/v1/chat/completions", Chat("llama"), bearer: ClientKey, expect: 401);
        _upstream.ReplyJson($$$"""{"error":{"message":"Key {{{CallersKey}}} is not allowed","type":"invalid_request_error"}}""", status: 403);
        await SendAsync("/v1/chat/completions", Chat("llama"), bearer: ClientKey, expect: 403, providerKey: CallersKey);

        await Traces.WaitForAsync(_godex, _lastRequestId!); // written in order: every trace before it is in too

        var directory = GodexProcess.ScratchDirectory();
        var path = Path.Combine(directory, "godex.yaml");
        await File.WriteAllTextAsync(path, _config);
        var printed = await GodexProcess.RunAsync(directory, new Dictionary<string, string> { ["CLIENT_KEY"] = ClientKey, ["UPSTREAM_KEY"] = UpstreamKey }, "config", "print", "--config", path);
        Assert.Equal(0, printed.ExitCode);

        var outputs = new Dictionary<string, string>
        {
            ["answers"] = _answers.ToString(),
            ["log"] = Logs.Text,
            ["config print"] = printed.Stdout + printed.Stderr,
        };
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_godex.DatabasePath)!, Path.GetFileName(_godex.DatabasePath) + "*"))
        {
            outputs[Path.GetFileName(file)] = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
        }

        Assert.Contains("Incorrect API key provided", _answers.ToString(), StringComparison.Ordinal); // the upstream's message still reaches the client
        foreach (var (output, text) in outputs)
        {
            foreach (var secret in Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{output} contains {secret[..8]}…");
            }
        }
    }

    private string? _lastRequestId;

    private async Task SendAsync(string path, string body, string? bearer, int expect, string? providerKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Sse.Json(body) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (providerKey is not null)
        {
            request.Headers.Add("X-Provider-Key", providerKey);
        }

        using var response = await _godex.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expect == (int)response.StatusCode, $"{path}: {(int)response.StatusCode} {text}");
        _answers.Append(response.Headers).Append(response.Content.Headers).AppendLine(text);
        if (response.Headers.TryGetValues("x-request-id", out var ids))
        {
            _lastRequestId = ids.Single();
        }
    }

    private static string Chat(string model) => $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hello"}]}""";
}
