using System.Net;
using System.Text.Json.Nodes;

using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Godex.EndToEnd.Tests.CodeAssist;

/// <summary>
/// The `gemini-cli` provider's login (`oauth_creds.json`) against a fake Google token endpoint: refreshed
/// before expiry and after a 401, once however many requests need it, written back atomically and
/// owner-only; a missing file and a refused refresh token fail in words that say what to do.
/// </summary>
public sealed class GeminiCliLoginTests : IAsyncLifetime
{
    private CodeAssistLogin _login = null!;

    public async Task InitializeAsync() => _login = await CodeAssistLogin.StartAsync();

    public async Task DisposeAsync() => await _login.DisposeAsync();

    [Fact]
    public async Task A_token_about_to_expire_is_refreshed_first_with_googles_form_and_written_back_atomically_0600()
    {
        _login.WriteLogin("ya29.stale", TimeSpan.FromMinutes(1));
        _login.Upstream.AcceptedToken = _login.Tokens.NextToken = "ya29.fresh";
        await _login.StartGodexAsync(project: "my-project");

        var response = await _login.ChatAsync();

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _login.Tokens.Refreshes);
        var form = Assert.Single(_login.Tokens.Forms);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal(CodeAssistLogin.RefreshToken, form["refresh_token"]);
        Assert.Equal("681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com", form["client_id"]);
        Assert.Equal("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", form["client_secret"]);
        Assert.Equal("Bearer ya29.fresh", Assert.Single(_login.Upstream.Generations).Headers["authorization"]);

        // Written back: new token and expiry, Google's kept refresh token, every other field as it was.
        var file = _login.ReadLogin();
        Assert.Equal("ya29.fresh", (string?)file["access_token"]);
        Assert.Equal(CodeAssistLogin.RefreshToken, (string?)file["refresh_token"]);
        Assert.InRange((long)file["expiry_date"]!, DateTimeOffset.UtcNow.AddMinutes(55).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(61).ToUnixTimeMilliseconds());
        Assert.Equal("Bearer", (string?)file["token_type"]);
        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.e30.sig", (string?)file["id_token"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_login.FilePath));
        }

        Assert.Equal(["oauth_creds.json"], Directory.GetFiles(_login.Directory).Select(Path.GetFileName)); // no temp file left
    }

    [Fact]
    public async Task An_upstream_401_refreshes_once_and_the_request_is_sent_again()
    {
        _login.WriteLogin("ya29.revoked-early", TimeSpan.FromHours(1));
        _login.Upstream.AcceptedToken = _login.Tokens.NextToken = "ya29.fresh";
        await _login.StartGodexAsync(project: "my-project");

        var response = await _login.ChatAsync();

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _login.Tokens.Refreshes);
        Assert.Equal(["Bearer ya29.revoked-early", "Bearer ya29.fresh"], _login.Upstream.Generations.Select(call => call.Headers["authorization"]));
        Assert.Equal("ya29.fresh", (string?)_login.ReadLogin()["access_token"]);
    }

    [Fact]
    public async Task Concurrent_requests_with_an_expiring_token_share_one_refresh()
    {
        _login.WriteLogin("ya29.stale", TimeSpan.FromMinutes(2));
        _login.Upstream.AcceptedToken = _login.Tokens.NextToken = "ya29.fresh";
        _login.Tokens.Delay = TimeSpan.FromMilliseconds(400);
        await _login.StartGodexAsync(project: "my-project");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _login.ChatAsync()));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, _login.Tokens.Refreshes);
        Assert.All(_login.Upstream.Generations, call => Assert.Equal("Bearer ya29.fresh", call.Headers["authorization"]));
    }

    [Fact]
    public async Task A_missing_login_file_shows_unavailable_in_health_and_answers_503_naming_provider_and_file()
    {
        var missing = Path.Combine(_login.Directory, "nowhere", "oauth_creds.json");
        await _login.StartGodexAsync(project: "my-project", authPath: missing);

        var health = JsonNode.Parse(await _login.Godex.Http.GetStringAsync("/health"))!;
        var entry = health["providers"]!.AsArray().Single(provider => (string?)provider!["name"] == "gca")!;
        Assert.Equal("unavailable", (string?)entry["status"]);
        Assert.Contains(missing, (string?)entry["reason"], StringComparison.Ordinal);

        var response = await _login.ChatAsync();
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("'gca'", text, StringComparison.Ordinal);
        Assert.Contains(missing, text, StringComparison.Ordinal);
        Assert.Contains("`gemini`", text, StringComparison.Ordinal);
        Assert.Empty(_login.Upstream.Calls);
    }

    [Fact]
    public void A_missing_login_file_is_a_warning_at_start_not_a_failure()
    {
        var missing = Path.Combine(_login.Directory, "absent.json");
        var config = new ConfigLoader(_ => null).Load($$"""
            providers:
              gca: { type: gemini-cli, auth_path: "{{missing}}" }
            """, "test.yaml");
        var logs = new ListLogger();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

        var registry = new ProviderRegistry(config, services.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, logs);

        Assert.NotNull(registry.Find("gca"));
        var warning = Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("gca", warning.Message, StringComparison.Ordinal);
        Assert.Contains(missing, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_refresh_token_is_a_401_naming_the_provider_and_the_gemini_login()
    {
        _login.WriteLogin("ya29.expired", TimeSpan.FromMinutes(-5));
        _login.Tokens.RefuseGrant = true;
        await _login.StartGodexAsync(project: "my-project");

        var response = await _login.ChatAsync();
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("'gca'", text, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", text, StringComparison.Ordinal);
        Assert.Contains("Log in again with `gemini`", text, StringComparison.Ordinal);
        Assert.Empty(_login.Upstream.Calls);
        Assert.Equal("ya29.expired", (string?)_login.ReadLogin()["access_token"]); // the file is left alone
    }

    private sealed class ListLogger : ILogger<ProviderRegistry>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
