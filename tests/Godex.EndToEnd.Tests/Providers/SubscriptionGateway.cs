using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Gateway.Configuration;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Providers;

/// <summary>
/// The real gateway with a subscription provider: a scripted upstream, a fake OAuth token server on
/// 127.0.0.1 (every refresh it answers is counted), the token file in a scratch folder, and every log
/// line the gateway writes (at debug level, with request logging on).
/// </summary>
public sealed class SubscriptionGateway : IAsyncDisposable
{
    private SubscriptionGateway(ScriptedUpstream upstream, ScriptedUpstream tokenServer, string directory)
    {
        Upstream = upstream;
        TokenServer = tokenServer;
        Directory = directory;
    }

    public ScriptedUpstream Upstream { get; }

    /// <summary>The token endpoint: each request it receives is one refresh.</summary>
    public ScriptedUpstream TokenServer { get; }

    public string Directory { get; }

    public CapturedLogs Logs { get; } = new();

    public GodexHost Godex { get; private set; } = null!;

    public HttpClient Http => Godex.Http;

    public string TokenUrl => new Uri(TokenServer.BaseUrl, "/oauth/token").ToString();

    public int Refreshes => TokenServer.Received.Count(request => request.Path == "/oauth/token");

    public static async Task<SubscriptionGateway> CreateAsync() =>
        new(await ScriptedUpstream.StartAsync(), await ScriptedUpstream.StartAsync(), GodexProcess.ScratchDirectory());

    public async Task StartAsync(string yaml, ServeFlags? flags = null) =>
        Godex = await GodexHost.StartAsync(yaml, (flags ?? new ServeFlags()) with { LogLevel = "debug", LogRequests = true }, logging: Logs.Add);

    /// <summary>The token server answers every refresh with new-access-N / new-refresh-N, after <paramref name="delay"/>.</summary>
    public void AnswerRefreshes(TimeSpan? delay = null, int expiresIn = 28_800) => TokenServer.Responder = async (_, http) =>
    {
        var n = TokenServer.Received.Count;
        if (delay is { } wait)
        {
            await Task.Delay(wait);
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$"""{"access_token":"new-access-{{n}}","refresh_token":"new-refresh-{{n}}","expires_in":{{expiresIn}},"token_type":"Bearer"}""");
    };

    public async Task<HttpResponseMessage> PostAsync(string path, string json, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request);
    }

    public async Task<JsonNode> HealthOfAsync(string provider)
    {
        var health = JsonNode.Parse(await Http.GetStringAsync("/health"))!;
        return health["providers"]!.AsArray().Single(entry => (string?)entry!["name"] == provider)!;
    }

    /// <summary>Asserts the file is readable and writable by its owner only (on Unix, where modes exist).</summary>
    public static void AssertOwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    /// <summary>A minimal Responses stream answering <paramref name="text"/>, as the ChatGPT backend streams it.</summary>
    public static string ResponsesSse(string text) => """
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_up","object":"response","created_at":1764180467,"status":"in_progress","model":"gpt-5.2","output":[]}}

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}

        event: response.content_part.added
        data: {"type":"response.content_part.added","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"@TEXT@"}

        event: response.output_text.done
        data: {"type":"response.output_text.done","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"text":"@TEXT@"}

        event: response.content_part.done
        data: {"type":"response.content_part.done","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":"@TEXT@"}}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":6,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"@TEXT@"}]}}

        event: response.completed
        data: {"type":"response.completed","sequence_number":7,"response":{"id":"resp_up","object":"response","created_at":1764180467,"status":"completed","model":"gpt-5.2","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"@TEXT@"}]}],"usage":{"input_tokens":12,"output_tokens":2,"total_tokens":14}}}


        """.Replace("@TEXT@", text, StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (Godex is not null)
        {
            await Godex.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        await TokenServer.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
