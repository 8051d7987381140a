using System.Net.Http.Headers;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>
/// A real gateway with an admin key, a client key and payload capture, in front of a scripted OpenAI
/// upstream reached as `local` (one key) and `pooled` (two keys, `pooled#1` and `pooled#2`), plus the mock.
/// The upstream answers whatever it is asked (a stream or a whole answer) unless a reply is scripted.
/// </summary>
public sealed class AdminApiHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests";
    public const string ClientKey = "client-key-for-tests";
    public const string UpstreamKey = "sk-upstream-secret-local";
    public const string FirstPoolKey = "sk-pool-first-secret";
    public const string SecondPoolKey = "sk-pool-second-secret";

    private AdminApiHost(ScriptedUpstream upstream, GodexHost godex)
    {
        Upstream = upstream;
        Godex = godex;
    }

    public ScriptedUpstream Upstream { get; }

    public GodexHost Godex { get; }

    /// <param name="storage">`storage:` YAML (null: the host's own SQLite file).</param>
    public static async Task<AdminApiHost> StartAsync(string? storage = null, bool capture = true, string extra = "")
    {
        var upstream = await ScriptedUpstream.StartAsync();
        upstream.Responder = AnswerAsync;
        var yaml = $$"""
            keys: [ "{{ClientKey}}" ]
            admin_keys: [ "{{AdminKey}}" ]
            providers:
              local:
                type: openai
                base_url: {{upstream.ChatBaseUrl}}
                api_key: ${LOCAL_API_KEY}
                models: [ llama-3.3-70b ]
              pooled:
                type: openai
                base_url: {{upstream.ChatBaseUrl}}
                models: [ pooled-model ]
                pool:
                  - { api_key: {{FirstPoolKey}} }
                  - { api_key: {{SecondPoolKey}} }
              mock:
                type: mock
            routing:
              strategy: round-robin
            trace: { capture_payload: {{(capture ? "true" : "false")}} }
            {{(storage is null ? "" : "storage: " + storage)}}
            {{extra}}
            """;
        var godex = await GodexHost.StartAsync(yaml, environment: new Dictionary<string, string> { ["LOCAL_API_KEY"] = UpstreamKey });
        return new AdminApiHost(upstream, godex);
    }

    /// <summary>An OpenAI answer to what was asked: `OK` streamed with usage, or a whole answer echoing the last message.</summary>
    public static async Task AnswerAsync(ReceivedRequest request, HttpContext http)
    {
        var model = (string?)request.Body?["model"] ?? "m";
        if ((bool?)request.Body?["stream"] == true)
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync(ScriptedUpstream.Chunks(
                $$$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"{{{model}}}","choices":[{"index":0,"delta":{"role":"assistant","content":"OK"},"finish_reason":null}]}""",
                $$$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"{{{model}}}","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
                $$$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"{{{model}}}","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":1,"total_tokens":8}}""") + "data: [DONE]\n\n");
            return;
        }

        var last = (string?)request.Body?["messages"]?.AsArray().LastOrDefault()?["content"] ?? "";
        var answer = new JsonObject
        {
            ["id"] = "c1",
            ["object"] = "chat.completion",
            ["created"] = 1,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "echo: " + last },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 5, ["completion_tokens"] = 2, ["total_tokens"] = 7 },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.ToJsonString());
    }

    /// <summary>A chat request with the client key; returns the response (its `x-request-id` is the trace id).</summary>
    public Task<HttpResponseMessage> ChatAsync(string model, string content = "hello", bool stream = false, string? extra = null) =>
        Godex.Http.SendAsync(Sse.Post("/v1/chat/completions", $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{content}}"}]{{extra}}}""", ClientKey));

    /// <summary>Sends an admin API request with <paramref name="key"/> (the admin key unless told otherwise; null: none).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? key = AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Sse.Json(body);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return Godex.Http.SendAsync(request);
    }

    /// <summary>An admin call that must answer <paramref name="status"/>; its JSON body.</summary>
    public async Task<JsonNode> JsonAsync(HttpMethod method, string path, string? body = null, int status = 200)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public Task<JsonNode> GetAsync(string path) => JsonAsync(HttpMethod.Get, path);

    public Task<JsonNode> PostAsync(string path, string? body = null, int status = 200) => JsonAsync(HttpMethod.Post, path, body, status);

    /// <summary>The member of GET /admin/api/providers with this id.</summary>
    public async Task<JsonNode> MemberAsync(string id)
    {
        var providers = await GetAsync("/admin/api/providers");
        return providers["data"]!.AsArray().SelectMany(provider => provider!["members"]!.AsArray()).Single(member => (string?)member!["id"] == id)!;
    }

    /// <summary>Which pool keys the upstream saw, in order, since it started.</summary>
    public List<string> KeysSeen() => [.. Upstream.Received.Select(request => request.Headers.GetValueOrDefault("authorization", "")["Bearer ".Length..])];

    public async ValueTask DisposeAsync()
    {
        await Godex.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
