using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.EndToEnd.Tests.Keys;
using Godex.Gateway.FrontDoors;
using Godex.Gateway.Security;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Godex.EndToEnd.Tests.Security;

/// <summary>
/// Every endpoint the running app maps (read from its EndpointDataSource, so a new one is covered
/// without editing this test) against every way a credential can be sent, written byte for byte on a
/// socket: header forms, scheme case, whitespace, duplicates, keys that disagree, the admin key, stored
/// keys revoked, disabled and expired. A refusal is 401/403 in the endpoint's own protocol shape.
/// </summary>
public sealed class AuthBypassMatrixTests(AuthBypassMatrixTests.Gateway gateway) : IClassFixture<AuthBypassMatrixTests.Gateway>
{
    /// <summary>The endpoints meant to answer anyone: the banner, health and the Prometheus scrape.</summary>
    private static readonly string[] Open = ["/", "/health", "/metrics"];

    private KeyStoreHarness Harness => gateway.Harness;

    /// <summary>What a case must get: through (the handler answers), or refused with this status.</summary>
    private enum Outcome
    {
        Through,
        Unauthorized = 401,
        Forbidden = 403,
    }

    private sealed record Case(string Name, Func<string, string> Headers, Outcome Client, Outcome Admin, string Query = "");

    /// <summary>One gateway for the class, with a static key, the admin key and stored keys in each state.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public KeyStoreHarness Harness { get; private set; } = null!;

        public string Active { get; private set; } = null!;

        public string Revoked { get; private set; } = null!;

        public string Disabled { get; private set; } = null!;

        public string Expiring { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Harness = await KeyStoreHarness.StartAsync();
            Active = (await Harness.AddKeyAsync("--label", "active")).Secret;
            (var revokedId, Revoked) = await Harness.AddKeyAsync("--label", "revoked");
            await Harness.CliAsync("keys", "revoke", revokedId);
            (var disabledId, Disabled) = await Harness.AddKeyAsync("--label", "disabled");
            await Harness.CliAsync("keys", "update", disabledId, "--disable");
            Expiring = (await Harness.AddKeyAsync("--label", "expiring", "--expires", DateTimeOffset.UtcNow.AddSeconds(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture))).Secret;
        }

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }

    private IEnumerable<Case> Cases()
    {
        const string Static = KeyStoreHarness.StaticKey;
        const string Admin = KeyStoreHarness.AdminKey;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + Static));
        yield return new("no credential", _ => "", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("wrong key", _ => "Authorization: Bearer not-a-key\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("a key one character short", _ => $"Authorization: Bearer {Static[..^1]}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("client key, Bearer", _ => $"Authorization: Bearer {Static}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("client key, x-api-key", _ => $"x-api-key: {Static}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("client key, X-API-KEY", _ => $"X-API-KEY: {Static}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("client key, x-goog-api-key", _ => $"x-goog-api-key: {Static}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("client key, ?key=", _ => "", Outcome.Through, Outcome.Forbidden, $"key={Static}");
        yield return new("scheme 'bearer'", _ => $"Authorization: bearer {Static}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("scheme 'BEARER'", _ => $"Authorization: BEARER {Static}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("spaces around the token", _ => $"Authorization:    Bearer    {Static}   \r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("a tab instead of the space", _ => $"Authorization: Bearer\t{Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("empty Bearer", _ => "Authorization: Bearer \r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("empty Bearer beside a valid x-api-key", _ => $"Authorization: Bearer\r\nx-api-key: {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("Basic with the key as password", _ => $"Authorization: Basic {basic}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("Basic beside a valid x-api-key", _ => $"Authorization: Basic {basic}\r\nx-api-key: {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("the bare key as Authorization", _ => $"Authorization: {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("two tokens in one Bearer", _ => $"Authorization: Bearer {Static} {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("two Authorization headers, the same valid key", _ => $"Authorization: Bearer {Static}\r\nAuthorization: Bearer {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("two Authorization headers, valid then wrong", _ => $"Authorization: Bearer {Static}\r\nAuthorization: Bearer wrong\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("two Authorization headers, wrong then valid", _ => $"Authorization: Bearer wrong\r\nAuthorization: Bearer {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("two x-api-key headers", _ => $"x-api-key: {Static}\r\nx-api-key: {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("?key= twice", _ => "", Outcome.Unauthorized, Outcome.Unauthorized, $"key={Static}&key={Static}");
        yield return new("valid Bearer, wrong x-api-key", _ => $"Authorization: Bearer {Static}\r\nx-api-key: wrong\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("wrong Bearer, valid x-api-key", _ => $"Authorization: Bearer wrong\r\nx-api-key: {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("valid x-api-key, wrong x-goog-api-key", _ => $"x-api-key: {Static}\r\nx-goog-api-key: wrong\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("valid x-goog-api-key, wrong ?key=", _ => $"x-goog-api-key: {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized, "key=wrong");
        yield return new("client key beside the admin key", _ => $"Authorization: Bearer {Static}\r\nx-api-key: {Admin}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("the same key in every place", _ => $"Authorization: Bearer {Static}\r\nx-api-key: {Static}\r\nx-goog-api-key: {Static}\r\n", Outcome.Through, Outcome.Forbidden, $"key={Static}");
        yield return new("admin key, Bearer", _ => $"Authorization: Bearer {Admin}\r\n", Outcome.Unauthorized, Outcome.Through);
        yield return new("admin key, x-api-key", _ => $"x-api-key: {Admin}\r\n", Outcome.Unauthorized, Outcome.Through);
        yield return new("stored key", _ => $"Authorization: Bearer {gateway.Active}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("stored key, x-goog-api-key", _ => $"x-goog-api-key: {gateway.Active}\r\n", Outcome.Through, Outcome.Forbidden);
        yield return new("stored key beside a static key", _ => $"Authorization: Bearer {gateway.Active}\r\nx-api-key: {Static}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("revoked stored key", _ => $"Authorization: Bearer {gateway.Revoked}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("disabled stored key", _ => $"x-api-key: {gateway.Disabled}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
        yield return new("a made-up gxk_ key", _ => $"Authorization: Bearer gxk_{new string('A', 43)}\r\n", Outcome.Unauthorized, Outcome.Unauthorized);
    }

    [Fact]
    public async Task Every_endpoint_refuses_every_bad_credential_in_its_own_error_shape_and_takes_each_good_form()
    {
        var guarded = Guarded();
        Assert.True(guarded.Count >= 20, $"only {guarded.Count} guarded endpoints found");
        Assert.All(new[] { typeof(OpenAIErrorShape), typeof(AnthropicErrorShape), typeof(GeminiErrorShape) }, shape => Assert.Contains(guarded, endpoint => endpoint.Shape.GetType() == shape));
        var failures = new List<string>();
        foreach (var endpoint in guarded)
        {
            foreach (var @case in Cases())
            {
                var expected = endpoint.Admin ? @case.Admin : @case.Client;
                var (status, body) = await SendAsync(endpoint, @case.Headers(endpoint.Path), @case.Query);
                if (Check(endpoint, expected, status, body) is { } failure)
                {
                    failures.Add($"{endpoint.Method} {endpoint.Path} with {@case.Name}: {failure}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} cells wrong:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public async Task An_expired_stored_key_is_refused_on_every_endpoint()
    {
        await Eventually.TrueAsync(async () => await Harness.StatusAsync(gateway.Expiring) == 401, "the key expired");
        foreach (var endpoint in Guarded())
        {
            var (status, body) = await SendAsync(endpoint, $"Authorization: Bearer {gateway.Expiring}\r\n", "");
            Assert.True(Check(endpoint, Outcome.Unauthorized, status, body) is null, $"{endpoint.Method} {endpoint.Path}: {status} {body}");
            if (!endpoint.Admin)
            {
                Assert.Contains("expired", body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_endpoint_but_the_open_ones_requires_a_key()
    {
        var unguarded = Endpoints()
            .Where(endpoint => endpoint.Metadata.GetMetadata<AccessRequirement>() is null)
            .Select(endpoint => endpoint.RoutePattern.RawText ?? "")
            .Where(pattern => !Open.Contains(pattern) && !IsFallback(pattern))
            .ToList();

        Assert.Empty(unguarded);
        Assert.Contains(Guarded(), endpoint => endpoint.Admin && endpoint.Path.StartsWith("/admin/api/", StringComparison.Ordinal));
        Assert.All(Guarded().Where(endpoint => endpoint.Path.StartsWith("/admin/", StringComparison.Ordinal)), endpoint => Assert.True(endpoint.Admin, endpoint.Path));
    }

    [Fact]
    public async Task The_open_endpoints_answer_without_a_key_and_an_unknown_path_is_404_not_a_way_around()
    {
        foreach (var path in Open)
        {
            var (status, _) = await RawAsync(Harness.Godex.BaseUrl, $"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.Equal(200, status);
        }

        foreach (var path in new[] { "/v1/chat/completions/", "/V1/CHAT/COMPLETIONS", "/v1//chat/completions", "/admin/api/keys/../keys", "/mock/v1/chat/completions" })
        {
            var (status, body) = await RawAsync(Harness.Godex.BaseUrl, $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}");
            Assert.True(status is 401 or 404, $"{path}: {status} {body}");
        }
    }

    /// <summary>
    /// No client key configured: only this machine is let in without one; another address is refused,
    /// whatever X-Forwarded-For says. Once `godex keys add` has made a key, this machine needs one too
    /// (a reverse proxy on the same host would otherwise let the world in).
    /// </summary>
    [Fact]
    public async Task Loopback_is_trusted_only_until_a_key_exists_and_never_from_another_address()
    {
        var directory = GodexProcess.ScratchDirectory();
        var yaml = $"providers: {{ mock: {{ type: mock }} }}\nstorage: {{ path: \"{directory}/godex.db\" }}\n";
        var config = Path.Combine(directory, "godex.yaml");
        await File.WriteAllTextAsync(config, yaml);
        // Test servers listen on loopback only: a caller from another address is what a reverse proxy or
        // a port forward would hand the gateway, played by a filter in front of it (RemotePeer).
        await using var godex = await GodexHost.StartAsync(yaml, services: services => services.AddSingleton<IStartupFilter, RemotePeer>());
        var loopback = godex.BaseUrl;
        const string Chat = """{"model":"mock","messages":[{"role":"user","content":"hi"}]}""";
        static string Post(string headers) => $"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n{headers}Content-Type: application/json\r\nContent-Length: {Chat.Length}\r\nConnection: close\r\n\r\n{Chat}";
        static string Remote(string request) => request.Replace("Host: x\r\n", $"Host: x\r\n{RemotePeer.Header}: 192.0.2.2\r\n", StringComparison.Ordinal);

        Assert.Equal(200, (await RawAsync(loopback, Post(""))).Status);
        var (status, body) = await RawAsync(loopback, Remote(Post("X-Forwarded-For: 127.0.0.1\r\nForwarded: for=127.0.0.1\r\n")));
        Assert.Equal((401, "authentication_error"), (status, (string?)JsonNode.Parse(body)!["error"]!["type"]));
        Assert.Contains("only accepts requests from this machine", body, StringComparison.Ordinal);
        var admin = await RawAsync(loopback, Remote("GET /v1/usage HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        Assert.Equal(403, admin.Status);
        Assert.Equal(200, (await RawAsync(loopback, "GET /v1/usage HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).Status);

        var (exit, stdout, stderr) = await GodexProcess.RunAsync(directory, null, "keys", "add", "--label", "first", "--json", "--config", config);
        Assert.True(exit == 0, stderr);
        var secret = (string)JsonNode.Parse(stdout)!["secret"]!;

        await Eventually.TrueAsync(async () => (await RawAsync(loopback, Post(""))).Status == 401, "loopback without a key refused once a key exists");
        Assert.Equal(200, (await RawAsync(loopback, Post($"Authorization: Bearer {secret}\r\n"))).Status);
        Assert.Equal(200, (await RawAsync(loopback, Remote(Post($"Authorization: Bearer {secret}\r\n")))).Status);
        Directory.Delete(directory, recursive: true);
    }

    private sealed record Guard(string Method, string Path, bool Admin, ErrorShape Shape);

    private IEnumerable<RouteEndpoint> Endpoints() =>
        Harness.Godex.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    /// <summary>Each guarded endpoint and method, with a concrete path (route parameters filled in).</summary>
    private List<Guard> Guarded() =>
    [
        .. from endpoint in Endpoints()
           let requirement = endpoint.Metadata.GetMetadata<AccessRequirement>()
           where requirement is not null
           from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]
           select new Guard(method, Concrete(endpoint.RoutePattern.RawText!), requirement == AccessRequirement.Admin, endpoint.Metadata.GetMetadata<ErrorShape>()!),
    ];

    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{\\*{0,2}([a-z]+)[^}]*\\}", match => match.Groups[1].Value switch
        {
            "path" => "gemini-2.5-flash:generateContent",
            "id" => "mock",
            var other => other,
        });

    private static bool IsFallback(string pattern) => pattern.StartsWith("{*", StringComparison.Ordinal);

    private Task<(int Status, string Body)> SendAsync(Guard endpoint, string headers, string query)
    {
        var target = query.Length == 0 ? endpoint.Path : $"{endpoint.Path}?{query}";
        var body = endpoint.Method is "POST" or "PATCH" ? "{}" : "";
        var content = body.Length > 0 ? $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n" : "";
        return RawAsync(Harness.Godex.BaseUrl, $"{endpoint.Method} {target} HTTP/1.1\r\nHost: x\r\n{headers}{content}Connection: close\r\n\r\n{body}");
    }

    /// <summary>The answer's own `auth.*` error code, if it is one (a listing may quote other requests' codes).</summary>
    private static string? AuthErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject json && json["error"] is JsonObject error && error["code"] is JsonValue value && value.TryGetValue<string>(out var code) && code.StartsWith("auth.", StringComparison.Ordinal) ? code : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Null when the answer is what was expected; else what was wrong.</summary>
    private static string? Check(Guard endpoint, Outcome expected, int status, string body)
    {
        if (expected == Outcome.Through)
        {
            return status is 401 or 403 || AuthErrorCode(body) is not null ? $"refused ({status} {body[..Math.Min(body.Length, 500)]})" : null;
        }

        if (status != (int)expected)
        {
            return $"expected {(int)expected}, got {status} {body}";
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return $"not JSON: {body}";
        }

        var shaped = endpoint.Shape switch
        {
            AnthropicErrorShape => (string?)json?["type"] == "error" && (string?)json["error"]?["type"] == (status == 401 ? "authentication_error" : "permission_error"),
            GeminiErrorShape => (int?)json?["error"]?["code"] == status && (string?)json["error"]?["status"] == (status == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED"),
            _ => (string?)json?["error"]?["type"] == (status == 401 ? "authentication_error" : "permission_error") && json["error"]?["message"] is not null,
        };
        return shaped ? null : $"not in {endpoint.Shape.Protocol}'s error shape: {body}";
    }

    /// <summary>
    /// Writes a request exactly as given (no client library to normalise its headers) and reads the whole
    /// answer; an event stream (the admin events) is let in at its head, as it never ends by itself.
    /// </summary>
    private static async Task<(int Status, string Body)> RawAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<byte>();
        var buffer = new byte[8192];
        int split;
        while ((split = Encoding.UTF8.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException("the connection closed before the answer's head ended");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.UTF8.GetString([.. received])[..split];
        if (!head.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            int more;
            while ((more = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, more));
            }
        }

        var answer = Encoding.UTF8.GetString([.. received]);
        var body = head.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) ? "" : answer[(split + 4)..];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, body.Length > 0 && head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var line = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..line].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, line + 2, size);
            at = line + 2 + size + 2;
        }
    }

    /// <summary>Gives a request carrying <see cref="Header"/> that peer address, as the network would, before any of the gateway runs.</summary>
    private sealed class RemotePeer : IStartupFilter
    {
        public const string Header = "x-test-peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                if (http.Request.Headers.Remove(Header, out var peer))
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return following(http);
            });
            next(app);
        };
    }
}
