using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Responses;

/// <summary>A token count routed to a Responses provider is the upstream's own, from POST /responses/input_tokens.</summary>
public sealed class ResponsesTokenCountEndToEndTests : IAsyncLifetime
{
    private ResponsesGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ResponsesGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Count_tokens_for_a_responses_provider_asks_the_upstreams_input_tokens_endpoint()
    {
        _gateway.Upstream.ReplyJson("""{"object":"response.input_tokens","input_tokens":42}""");
        var request = Sse.Post("/v1/messages/count_tokens", """
            {"model":"gpt-5","system":"Be brief.","messages":[{"role":"user","content":"How many tokens is this?"}],
             "tools":[{"name":"weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """, UpstreamConfig.ClientKey);
        request.Headers.Add("anthropic-version", "2023-06-01");

        var response = await _gateway.Godex.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(42, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["input_tokens"]!);
        Assert.Equal("provider", response.Headers.GetValues("x-godex-token-count").Single());
        var received = _gateway.Upstream.Single();
        Assert.Equal("/v1/responses/input_tokens", received.Path);
        Assert.Equal("Bearer " + UpstreamConfig.UpstreamKey, received.Headers["authorization"]);
        Assert.Equal(["input", "instructions", "model", "tools"], received.Body!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(("gpt-5", "Be brief."), ((string?)received.Body["model"], (string?)received.Body["instructions"]));
        Assert.Equal("weather", (string?)received.Body["tools"]![0]!["name"]);
    }
}
