using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>
/// Godex routing every model to one scripted upstream of the given family, which answers like that
/// provider's model would: with the tool call the case asks for when the request offers that tool,
/// with the final answer once a tool result comes back, and with the case's text otherwise.
/// </summary>
public sealed class FamilyGateway : UpstreamGateway
{
    /// <summary>What the harmless command prints; the final answer quotes it only when the tool result carried it.</summary>
    public const string ToolOutput = "godex-ok";

    public const string FinalAnswer = "The tool printed " + ToolOutput;

    private FamilyGateway(UpstreamFamily family, ScriptedUpstream upstream, GodexHost godex)
        : base(upstream, godex) => (Family, Wire) = (family, For(family));

    public UpstreamFamily Family { get; }

    public IFamilyWire Wire { get; }

    /// <summary>The text the model says when no tool is involved.</summary>
    public string Text { get; set; } = "";

    /// <summary>The tool call the model makes when the request offers <see cref="ModelAnswer.ToolName"/>.</summary>
    public ModelAnswer? ToolCall { get; set; }

    /// <summary>Requests the upstream answered with a 400 the real API would give, with the reason.</summary>
    public List<string> Rejections { get; } = [];

    public static async Task<FamilyGateway> StartAsync(UpstreamFamily family)
    {
        var gateway = await StartAsync(upstream => Yaml(family, upstream), UpstreamConfig.Environment, (upstream, godex) => new FamilyGateway(family, upstream, godex));
        gateway.Upstream.Responder = gateway.AnswerAsync;
        return gateway;
    }

    private static string Yaml(UpstreamFamily family, ScriptedUpstream upstream)
    {
        var (type, baseUrl) = family switch
        {
            UpstreamFamily.Chat => ("openai", upstream.ChatBaseUrl),
            UpstreamFamily.Responses => ("openai-responses", upstream.ChatBaseUrl),
            UpstreamFamily.Anthropic => ("anthropic", upstream.RootUrl),
            _ => ("gemini", upstream.RootUrl),
        };
        return $$"""
            keys: [ "${GODEX_API_KEY}" ]
            providers:
              upstream:
                type: {{type}}
                base_url: {{baseUrl}}
                api_key: ${LOCAL_API_KEY}
            routing:
              default: upstream
            """;
    }

    public static IFamilyWire For(UpstreamFamily family) => family switch
    {
        UpstreamFamily.Chat => new ChatWire(),
        UpstreamFamily.Responses => new ResponsesWire(),
        UpstreamFamily.Anthropic => new AnthropicWire(),
        _ => new GeminiWire(),
    };

    /// <summary>Bodies of the model requests the upstream received (not probes), in order.</summary>
    public List<(string Path, JsonNode Body)> ModelRequests() =>
        [.. Upstream.Received.Where(r => r.Body is not null && r.Path.StartsWith(Wire.PathPrefix, StringComparison.Ordinal)).Select(r => (r.Path, r.Body!))];

    private async Task AnswerAsync(ReceivedRequest request, HttpContext http)
    {
        if (request.Body is null || !request.Path.StartsWith(Wire.PathPrefix, StringComparison.Ordinal))
        {
            http.Response.StatusCode = 404;
            return;
        }

        if (Wire.Rejection(request.Body) is { } reason)
        {
            lock (Rejections)
            {
                Rejections.Add(reason);
            }

            http.Response.StatusCode = 400;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(Wire.ErrorJson(reason));
            return;
        }

        var answer = Decide(request.Body);
        var streaming = Wire.IsStreaming(request.Path, request.Body);
        http.Response.ContentType = streaming ? "text/event-stream" : "application/json";
        await http.Response.WriteAsync(streaming ? Wire.Sse(answer, request.Body) : Wire.Json(answer, request.Body));
    }

    private ModelAnswer Decide(JsonNode body)
    {
        var results = Wire.ToolResults(body);
        if (results.Count > 0)
        {
            return ModelAnswer.Say(results.Any(r => r.Contains(ToolOutput, StringComparison.Ordinal)) ? FinalAnswer : "The tool result did not arrive");
        }

        return ToolCall is { } call && Wire.ToolNames(body).Contains(call.ToolName!) ? call : ModelAnswer.Say(Text);
    }
}
