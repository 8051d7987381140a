using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.ClaudeCodeCli;

/// <summary>
/// Godex with one `claude-code-cli` provider whose command is the real pinned CLI, pointed (through the
/// provider's env) at a scripted Anthropic upstream that streams a signed thinking block and a text
/// answer with fixed usage, or fails with the status the test sets.
/// </summary>
public sealed class ClaudeCodeCliGateway : UpstreamGateway
{
    public const string Answer = "Hello from the upstream.";
    public const string Thinking = "The user wants a short answer.";
    public const string CliKey = "sk-ant-cli-test-key";

    private ClaudeCodeCliGateway(ScriptedUpstream upstream, GodexHost godex, string home)
        : base(upstream, godex) => Home = home;

    /// <summary>node_modules/.bin/claude in the clients cache, or null when it is not installed.</summary>
    public static string? Binary
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("GODEX_CLIENTS_CACHE") is { Length: > 0 } set
                ? set
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "godex-clients");
            var binary = Path.Combine(root, "node_modules", ".bin", "claude");
            return File.Exists(binary) ? binary : null;
        }
    }

    /// <summary>The CLI's HOME: unique to this gateway, so its processes can be told apart from any other.</summary>
    public string Home { get; }

    /// <summary>When set, the upstream answers every model request with this status and an Anthropic error body.</summary>
    public int? FailWith { get; set; }

    /// <summary>When set, the upstream sends the first text delta and then holds the stream open until Godex goes away.</summary>
    public bool Hang { get; set; }

    public static async Task<ClaudeCodeCliGateway> StartAsync(string? command = null, string extra = "")
    {
        var home = Directory.CreateTempSubdirectory("godex-cc-home-").FullName;
        var gateway = await StartAsync(upstream => $$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              cc:
                type: claude-code-cli
                command: {{command ?? Binary}}
                timeout_seconds: 60
                env:
                  HOME: {{home}}
                  ANTHROPIC_BASE_URL: {{upstream.RootUrl}}
                  ANTHROPIC_API_KEY: {{CliKey}}
                  DISABLE_TELEMETRY: "1"
                  DISABLE_ERROR_REPORTING: "1"
                  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1"
                  CLAUDE_CODE_MAX_RETRIES: "0"
                {{extra}}
            routing:
              default: cc
            """,
            UpstreamConfig.Environment,
            (upstream, godex) => new ClaudeCodeCliGateway(upstream, godex, home));
        gateway.Upstream.Responder = gateway.AnswerAsync;
        return gateway;
    }

    /// <summary>Bodies of the Messages requests the CLI sent (not its HEAD probe).</summary>
    public List<JsonNode> ModelRequests() =>
        [.. Upstream.Received.Where(r => r.Body is not null && r.Path.StartsWith("/v1/messages", StringComparison.Ordinal)).Select(r => r.Body!)];

    /// <summary>Live processes whose environment carries this gateway's CLI HOME: the CLI and anything it started.</summary>
    public List<int> CliProcesses()
    {
        var marker = Encoding.UTF8.GetBytes("HOME=" + Home + "\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(marker) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return found;
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await base.DisposeCoreAsync();
        Directory.Delete(Home, recursive: true);
    }

    private async Task AnswerAsync(ReceivedRequest request, HttpContext http)
    {
        if (request.Body is null || !request.Path.StartsWith("/v1/messages", StringComparison.Ordinal))
        {
            return; // the CLI's HEAD probe: any answer will do
        }

        if (FailWith is { } status)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            var type = status == 400 ? "invalid_request_error" : "api_error";
            await http.Response.WriteAsync("""{"type":"error","error":{"type":"TYPE","message":"scripted failure STATUS"}}""".Replace("TYPE", type, StringComparison.Ordinal).Replace("STATUS", status.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            return;
        }

        http.Response.ContentType = "text/event-stream";
        var model = (string?)request.Body["model"] ?? "";
        try
        {
            await SendAsync(http, "message_start", """{"message":{"id":"msg_01CliScripted","type":"message","role":"assistant","model":"MODEL","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":21,"cache_creation_input_tokens":5,"cache_read_input_tokens":7,"output_tokens":1}}}""".Replace("MODEL", model, StringComparison.Ordinal));
            await SendAsync(http, "content_block_start", """{"index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""");
            await SendAsync(http, "content_block_delta", """{"index":0,"delta":{"type":"thinking_delta","thinking":"THINKING"}}""".Replace("THINKING", Thinking, StringComparison.Ordinal));
            await SendAsync(http, "content_block_delta", """{"index":0,"delta":{"type":"signature_delta","signature":"EqSIGcli"}}""");
            await SendAsync(http, "content_block_stop", """{"index":0}""");
            await SendAsync(http, "content_block_start", """{"index":1,"content_block":{"type":"text","text":""}}""");
            await SendAsync(http, "content_block_delta", """{"index":1,"delta":{"type":"text_delta","text":"Hello from "}}""");
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }

            await SendAsync(http, "content_block_delta", """{"index":1,"delta":{"type":"text_delta","text":"the upstream."}}""");
            await SendAsync(http, "content_block_stop", """{"index":1}""");
            await SendAsync(http, "message_delta", """{"delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":13}}""");
            await SendAsync(http, "message_stop", "{}");
        }
        catch (OperationCanceledException)
        {
            Upstream.ClientAborted.TrySetResult();
        }
    }

    private static async Task SendAsync(HttpContext http, string type, string json)
    {
        var data = json.Insert(1, $"\"type\":\"{type}\"" + (json.Length > 2 ? "," : ""));
        await http.Response.WriteAsync($"event: {type}\ndata: {data}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
