using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using Godex.EndToEnd.Tests.Conformance;
using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>
/// The real server in front of a provider of one upstream family pooled over two members, each its own
/// scripted upstream: <see cref="First"/> (tried first on a fresh pool: smooth weighted round-robin starts
/// with the first member) and <see cref="Second"/>. The first fails with the pool's fault, if any; the second
/// (and the first without a fault) replays the family's recorded answer. Only the timeout a fault is about
/// is configured, and short (first token 0.5 s, idle 0.3 s, the whole answer 1 s), so a slow machine
/// cannot time out an attempt the test means to succeed. The clock is a <see cref="ManualTime"/>:
/// cooldowns pass only when a test says so (timers still run on real time).
/// </summary>
public sealed class FaultPool : IAsyncDisposable
{
    public const string Provider = "pool";

    private FaultPool(UpstreamFamily family, ScriptedUpstream first, ScriptedUpstream second, GodexHost godex, ManualTime time) =>
        (Family, First, Second, Godex, Time) = (family, first, second, godex, time);

    public UpstreamFamily Family { get; }

    public ScriptedUpstream First { get; }

    public ScriptedUpstream Second { get; }

    public GodexHost Godex { get; }

    public ManualTime Time { get; }

    /// <summary>Set when Godex hung up on the first member while it was still answering (it was abandoned, not waited for).</summary>
    public TaskCompletionSource FirstAbandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="fault">How the first member fails every request (the unreachable ones by its base_url).</param>
    /// <param name="hedgeAfterMs">Route the family's model through an alias of the pool that hedges after this long (then the fault's own timeout is left out, so only the hedge can rescue a late member).</param>
    public static async Task<FaultPool> StartAsync(string family, Fault? fault = null, int secondWeight = 1, int? hedgeAfterMs = null)
    {
        var upstreams = UpstreamFamily.Named(family);
        var first = await ScriptedUpstream.StartAsync();
        var second = await ScriptedUpstream.StartAsync();
        var time = new ManualTime();
        var firstUrl = BaseUrl(upstreams, fault switch
        {
            Fault.Dead => DeadRoot(),
            Fault.UnknownHost => "http://godex-member-a.invalid",
            Fault.TlsHandshake => first.RootUrl.Replace("http://", "https://", StringComparison.Ordinal),
            _ => first.RootUrl,
        });
        var yaml = $$"""
            keys: [ "{{UpstreamConfig.ClientKey}}" ]
            providers:
              {{Provider}}:
                type: {{Type(upstreams)}}
                base_url: {{BaseUrl(upstreams, second.RootUrl)}}
                api_key: sk-pool
                {{(hedgeAfterMs is null ? Timeouts(fault) : "")}}
                pool:
                  - { base_url: "{{firstUrl}}", api_key: sk-first }
                  - { base_url: "{{BaseUrl(upstreams, second.RootUrl)}}", api_key: sk-second, weight: {{secondWeight}} }
            routing:
              patterns: { {{Provider}}: [ "{{upstreams.Model}}" ] }
            {{(hedgeAfterMs is { } after ? $"  aliases: {{ \"{upstreams.Model}\": {{ targets: [ \"{Provider}/{upstreams.Model}\" ], hedge_after_ms: {after} }} }}" : "")}}
            """;
        var pool = new FaultPool(upstreams, first, second, await GodexHost.StartAsync(yaml, time: time), time);
        second.Responder = pool.AnswerAsync;
        first.Responder = fault is { } failing
            ? (received, http) => FaultScripts.PlayAsync(failing, family, IsStream(received), http, pool.FirstAbandoned)
            : pool.AnswerAsync;
        return pool;
    }

    /// <summary>Sends the client's first turn, as that protocol's clients send it, for the family's model; with how long the whole answer took.</summary>
    public async Task<(HttpResponseMessage Response, byte[] Body, TimeSpan Took)> SendAsync(ClientProtocol client, bool stream)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = client.Request(Family.Model, stream, client.FirstTurn(Family.Model, stream));
        var response = await Godex.Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return (response, body, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The family's recorded plain-text answer, streamed or whole, as the upstream was asked.</summary>
    public Recording Answer(bool stream) => Family.Recordings[(Scenario.Text, stream)];

    public async ValueTask DisposeAsync()
    {
        await Godex.DisposeAsync();
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    private static bool IsStream(ReceivedRequest received) =>
        received.Path.Contains(":streamGenerateContent", StringComparison.Ordinal) || received.Body?["stream"]?.GetValue<bool>() == true;

    private static string Timeouts(Fault? fault) => fault switch
    {
        Fault.SlowFirstToken => "first_token_timeout_seconds: 0.5",
        Fault.SlowDripPastIdle => "idle_timeout_seconds: 0.3",
        Fault.DripPastWholeTimeout => "idle_timeout_seconds: 0.9\n    timeout_seconds: 1.2",
        _ => "",
    };

    private static string Type(UpstreamFamily family) => family.Name switch
    {
        UpstreamFamily.Chat => "openai",
        UpstreamFamily.Responses => "openai-responses",
        _ => family.Name,
    };

    /// <summary>OpenAI's SDKs take the `/v1` URL; Anthropic's and Google's the host root.</summary>
    private static string BaseUrl(UpstreamFamily family, string root) =>
        family.Name is UpstreamFamily.Chat or UpstreamFamily.Responses ? root + "/v1" : root;

    /// <summary>A loopback port that was just free: connecting to it is refused.</summary>
    private static string DeadRoot()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    private async Task AnswerAsync(ReceivedRequest received, HttpContext http)
    {
        var stream = IsStream(received);
        http.Response.ContentType = stream ? "text/event-stream" : "application/json";
        await http.Response.WriteAsync(Answer(stream).Body());
    }
}
