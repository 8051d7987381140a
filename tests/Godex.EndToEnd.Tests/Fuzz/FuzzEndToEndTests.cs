using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

using FsCheck;
using FsCheck.Fluent;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Wire.Tests.Fuzz;

namespace Godex.EndToEnd.Tests.Fuzz;

/// <summary>
/// Mutated client bodies sent to the real server's four front doors (the built-in mock answers what is
/// read): each gets an answer or a 4xx in that protocol's error shape, never a 500, a hang or a dropped
/// connection. The wire-level properties (tests/Godex.Wire.Tests/Fuzz) try far more bodies; this proves
/// the whole path, planner and front doors included, holds the same promise.
/// </summary>
public sealed class FuzzEndToEndTests : IAsyncLifetime
{
    private const int Cases = 250;

    private GodexHost _godex = null!;

    public static TheoryData<string> Protocols => ["openai-chat", "openai-responses", "anthropic", "gemini"];

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          mock: { type: mock }
        routing:
          aliases: { "*": "mock/mock" }
        """);

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols))]
    public void A_mutated_body_gets_an_answer_or_a_4xx_in_the_protocols_error_shape(string protocol)
    {
        var seeds = RequestSeeds.For(protocol);
        Prop.ForAll(MutatedBody.Of(seeds).ToArbitrary(), body =>
        {
            SendAsync(protocol, body.Apply(seeds)).GetAwaiter().GetResult();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    private async Task<int> SendAsync(string protocol, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _godex.Http.PostAsync(Path(protocol), content, cancel.Token);
        var text = await response.Content.ReadAsStringAsync(cancel.Token);
        var status = (int)response.StatusCode;
        Assert.True(status is 200 or (>= 400 and < 500), $"{status}: {text}");
        if (status >= 400)
        {
            AssertErrorShape(protocol, text);
        }

        return status;
    }

    /// <summary>The error body that protocol's SDKs parse: a message, and the type or status they branch on.</summary>
    private static void AssertErrorShape(string protocol, string text)
    {
        var error = JsonNode.Parse(text)!;
        switch (protocol)
        {
            case "anthropic":
                Assert.Equal("error", (string?)error["type"]);
                Assert.NotNull((string?)error["error"]!["type"]);
                break;
            case "gemini":
                Assert.NotNull((int?)error["error"]!["code"]);
                Assert.NotNull((string?)error["error"]!["status"]);
                break;
            default:
                Assert.NotNull((string?)error["error"]!["type"]);
                break;
        }

        Assert.False(string.IsNullOrEmpty((string?)error["error"]!["message"]), text);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // no stack trace
    }

    private static string Path(string protocol) => protocol switch
    {
        "openai-chat" => "/v1/chat/completions",
        "openai-responses" => "/v1/responses",
        "anthropic" => "/v1/messages",
        _ => "/v1beta/models/mock:generateContent",
    };


    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Every_seed_is_answered(string protocol)
    {
        foreach (var seed in RequestSeeds.For(protocol))
        {
            Assert.Equal(200, await SendAsync(protocol, System.Text.Encoding.UTF8.GetBytes(seed)));
        }
    }
}
