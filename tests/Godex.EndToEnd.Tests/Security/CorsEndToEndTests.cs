using System.Net;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Security;

/// <summary>
/// CORS through the real server: off by default (no Access-Control-* header on any answer, a preflight
/// is refused like any unknown request), and with `cors:` a browser SDK's preflight and the request
/// after it are allowed for the configured origins only.
/// </summary>
public sealed class CorsEndToEndTests
{
    private const string Origin = "https://app.example.com";
    private const string Chat = """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""";

    /// <summary>What the OpenAI and Anthropic browser SDKs ask a preflight to allow.</summary>
    private const string SdkHeaders = "authorization,content-type,x-api-key,anthropic-version,anthropic-dangerous-direct-browser-access,x-stainless-os,x-stainless-retry-count";

    [Fact]
    public async Task Without_cors_no_answer_carries_access_control_headers_and_a_preflight_is_refused()
    {
        await using var godex = await GodexHost.StartAsync("providers: { mock: { type: mock } }");

        var preflight = await godex.Http.SendAsync(Preflight("/v1/chat/completions", SdkHeaders));
        var post = await godex.Http.SendAsync(Post(Origin));

        Assert.False(preflight.IsSuccessStatusCode, $"a preflight got {(int)preflight.StatusCode}");
        Assert.Empty(AccessControl(preflight));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Empty(AccessControl(post));
    }

    [Fact]
    public async Task A_configured_origins_preflight_and_request_are_allowed_with_the_sdk_headers()
    {
        await using var godex = await GodexHost.StartAsync($$"""
            providers: { mock: { type: mock } }
            cors: { origins: ["{{Origin}}"] }
            """);

        var preflight = await godex.Http.SendAsync(Preflight("/v1/chat/completions", SdkHeaders));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Origin, Single(preflight, "Access-Control-Allow-Origin"));
        var allowed = Single(preflight, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.All(SdkHeaders.Split(','), header => Assert.Contains(header, allowed, StringComparer.OrdinalIgnoreCase));
        Assert.Contains("POST", Single(preflight, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Equal("600", Single(preflight, "Access-Control-Max-Age"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));

        var post = await godex.Http.SendAsync(Post(Origin));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(Origin, Single(post, "Access-Control-Allow-Origin"));
        Assert.Contains("retry-after", Single(post, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_origin_gets_no_access_control_headers()
    {
        await using var godex = await GodexHost.StartAsync($$"""
            providers: { mock: { type: mock } }
            cors: { origins: ["{{Origin}}"] }
            """);

        var preflight = await godex.Http.SendAsync(Preflight("/v1/chat/completions", SdkHeaders, "https://evil.example.net"));
        var post = await godex.Http.SendAsync(Post("https://evil.example.net"));

        Assert.Empty(AccessControl(preflight));
        Assert.Empty(AccessControl(post));
    }

    [Fact]
    public async Task A_header_outside_the_allowed_list_is_not_allowed_unless_configured()
    {
        await using var godex = await GodexHost.StartAsync($$"""
            providers: { mock: { type: mock } }
            cors: { origins: ["{{Origin}}"], headers: [x-team] }
            """);

        var unknown = await godex.Http.SendAsync(Preflight("/v1/messages", "x-not-listed"));
        var configured = await godex.Http.SendAsync(Preflight("/v1/messages", "x-team,x-api-key"));

        // A browser sends the request only if every header it asked for is in the answer's list.
        var allowed = unknown.Headers.TryGetValues("Access-Control-Allow-Headers", out var values) ? string.Join(',', values) : "";
        Assert.DoesNotContain("x-not-listed", allowed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-team", Single(configured, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_refusal_carries_the_headers_so_the_page_can_read_the_error()
    {
        await using var godex = await GodexHost.StartAsync($$"""
            keys: [team-key]
            providers: { mock: { type: mock } }
            cors: { origins: ["*"], max_age: 60 }
            """);

        var preflight = await godex.Http.SendAsync(Preflight("/v1beta/models/mock:generateContent", "x-goog-api-key,content-type"));
        var refused = await godex.Http.SendAsync(Post(Origin));

        Assert.Equal("*", Single(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal("60", Single(preflight, "Access-Control-Max-Age"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("*", Single(refused, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Credentials_echo_the_origin_and_say_so()
    {
        await using var godex = await GodexHost.StartAsync($$"""
            providers: { mock: { type: mock } }
            cors: { origins: ["{{Origin}}"], credentials: true }
            """);

        var preflight = await godex.Http.SendAsync(Preflight("/v1/responses", "authorization,content-type"));

        Assert.Equal(Origin, Single(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Single(preflight, "Access-Control-Allow-Credentials"));
    }

    private static HttpRequestMessage Preflight(string path, string headers, string origin = Origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static HttpRequestMessage Post(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Hardening.RequestBodies.Json(Chat) };
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);

    private static List<string> AccessControl(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers).Select(header => header.Key).Where(name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))];
}
