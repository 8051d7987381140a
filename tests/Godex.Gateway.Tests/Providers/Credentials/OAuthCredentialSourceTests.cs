using System.Net;
using System.Text.Json.Nodes;

using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Specs;
using Godex.Wire;

using Microsoft.Extensions.Logging.Abstractions;

namespace Godex.Gateway.Tests.Providers.Credentials;

public sealed class OAuthCredentialSourceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly GodexError Refusal = new(401, "provider.unauthorized", "token expired");

    private readonly string _directory = Directory.CreateTempSubdirectory("godex-creds-").FullName;
    private readonly FakeTokenEndpoint _endpoint = new();
    private readonly ManualTime _time = new(Now);

    private string FilePath => Path.Combine(_directory, "creds.json");

    public void Dispose()
    {
        _endpoint.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_token_far_from_expiry_is_used_as_it_is()
    {
        WriteFile("old-access", expiresIn: TimeSpan.FromHours(2));
        using var source = Source();

        var credential = await source.GetAsync(CancellationToken.None);

        Assert.Equal("old-access", credential.AccessToken);
        Assert.Equal([new CredentialHeader("x-test-account", "acct-1")], credential.Headers);
        Assert.Equal(0, _endpoint.Refreshes);
    }

    [Fact]
    public async Task A_token_about_to_expire_is_refreshed_and_written_back_atomically_with_mode_0600_keeping_other_fields()
    {
        WriteFile("old-access", expiresIn: TimeSpan.FromMinutes(2));
        using var before = File.OpenRead(FilePath); // a reader of the old file keeps seeing it whole
        using var source = Source();

        var credential = await source.GetAsync(CancellationToken.None);

        Assert.Equal("access-1", credential.AccessToken);
        Assert.Equal(1, _endpoint.Refreshes);
        Assert.Contains("\"refresh_token\":\"old-refresh\"", _endpoint.Bodies[0], StringComparison.Ordinal);
        var written = JsonNode.Parse(File.ReadAllText(FilePath))!;
        Assert.Equal("access-1", (string?)written["token"]!["access"]);
        Assert.Equal("refresh-1", (string?)written["token"]!["refresh"]);
        Assert.Equal(Now.AddHours(1).ToUnixTimeMilliseconds(), (long?)written["token"]!["expires_ms"]);
        Assert.Equal("kept", (string?)written["token"]!["unknown"]);
        Assert.Equal("also kept", (string?)written["other"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }

        Assert.Contains("old-access", new StreamReader(before).ReadToEnd(), StringComparison.Ordinal);
        Assert.Equal(["creds.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_an_expired_token_make_one_refresh()
    {
        WriteFile("old-access", expiresIn: TimeSpan.FromMinutes(-5));
        _endpoint.Delay = TimeSpan.FromMilliseconds(100);
        using var source = Source();

        var credentials = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => source.GetAsync(CancellationToken.None).AsTask()));

        Assert.Equal(1, _endpoint.Refreshes);
        Assert.All(credentials, credential => Assert.Equal("access-1", credential.AccessToken));
    }

    [Fact]
    public async Task Twenty_concurrent_401s_for_the_same_token_make_one_refresh()
    {
        WriteFile("old-access", expiresIn: TimeSpan.FromHours(2));
        _endpoint.Delay = TimeSpan.FromMilliseconds(100);
        using var source = Source();
        var rejected = await source.GetAsync(CancellationToken.None);

        var renewed = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => source.RenewAsync(rejected, Refusal, CancellationToken.None).AsTask()));

        Assert.Equal(1, _endpoint.Refreshes);
        Assert.All(renewed, credential => Assert.Equal("access-1", credential.AccessToken));
    }

    [Fact]
    public async Task A_refused_refresh_token_is_a_401_naming_the_login_command_and_is_not_tried_again()
    {
        WriteFile("old-access", expiresIn: TimeSpan.FromMinutes(-1));
        _endpoint.Reply = (HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"Refresh token not found or invalid"}""");
        using var source = Source();

        var first = await Assert.ThrowsAsync<GodexException>(() => source.GetAsync(CancellationToken.None).AsTask());
        var second = await Assert.ThrowsAsync<GodexException>(() => source.GetAsync(CancellationToken.None).AsTask());

        Assert.Equal(401, first.Error.Status);
        Assert.Equal("provider.login_expired", first.Error.Code);
        Assert.Contains("Provider 'test'", first.Error.Message, StringComparison.Ordinal);
        Assert.Contains("`test-cli login`", first.Error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", first.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("old-refresh", first.Error.Message, StringComparison.Ordinal);
        Assert.Equal(401, second.Error.Status);
        Assert.Equal(1, _endpoint.Refreshes);
        Assert.False(source.State.Available);
        Assert.Contains("`test-cli login`", source.State.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_login_written_after_a_refused_refresh_is_picked_up_without_a_restart()
    {
        WriteFile("old-access", expiresIn: TimeSpan.FromMinutes(-1));
        _endpoint.Reply = (HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");
        using var source = Source();
        await Assert.ThrowsAsync<GodexException>(() => source.GetAsync(CancellationToken.None).AsTask());

        WriteFile("fresh-login", expiresIn: TimeSpan.FromHours(8), refresh: "fresh-refresh");
        File.SetLastWriteTimeUtc(FilePath, DateTime.UtcNow.AddSeconds(5));
        var credential = await source.GetAsync(CancellationToken.None);

        Assert.Equal("fresh-login", credential.AccessToken);
        Assert.True(source.State.Available);
    }

    [Fact]
    public async Task A_missing_file_makes_the_source_unavailable_with_a_503_naming_provider_and_file_until_it_appears()
    {
        using var source = Source();

        Assert.False(source.State.Available);
        Assert.Contains("~/creds.json does not exist", source.State.Reason, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<GodexException>(() => source.GetAsync(CancellationToken.None).AsTask());
        Assert.Equal(503, error.Error.Status);
        Assert.Contains("Provider 'test'", error.Error.Message, StringComparison.Ordinal);
        Assert.Contains("~/creds.json", error.Error.Message, StringComparison.Ordinal);

        WriteFile("late-login", expiresIn: TimeSpan.FromHours(1));
        Assert.Equal("late-login", (await source.GetAsync(CancellationToken.None)).AccessToken);
    }

    [Fact]
    public async Task A_malformed_file_is_unavailable_naming_the_field()
    {
        File.WriteAllText(FilePath, """{"token":{}}""");
        using var source = Source();

        var error = await Assert.ThrowsAsync<GodexException>(() => source.GetAsync(CancellationToken.None).AsTask());

        Assert.Equal(503, error.Error.Status);
        Assert.Contains("'token.access' is missing", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_refresh_a_401_adopts_a_token_the_cli_wrote_and_otherwise_says_how_to_log_in()
    {
        WriteFile("old-access", expiresIn: null);
        using var source = Source(refresh: false);
        var rejected = await source.GetAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<GodexException>(() => source.RenewAsync(rejected, Refusal, CancellationToken.None).AsTask());
        Assert.Equal(401, refused.Error.Status);
        Assert.Contains("`test-cli login`", refused.Error.Message, StringComparison.Ordinal);
        Assert.Contains("or enable refresh", refused.Error.Message, StringComparison.Ordinal);

        WriteFile("cli-refreshed", expiresIn: null);
        File.SetLastWriteTimeUtc(FilePath, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("cli-refreshed", (await source.RenewAsync(rejected, Refusal, CancellationToken.None)).AccessToken);
        Assert.Equal(0, _endpoint.Refreshes);
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_leaves_a_still_valid_token_in_use()
    {
        WriteFile("old-access", expiresIn: TimeSpan.FromMinutes(2));
        _endpoint.Reply = (HttpStatusCode.ServiceUnavailable, "busy");
        using var source = Source();

        Assert.Equal("old-access", (await source.GetAsync(CancellationToken.None)).AccessToken);

        _time.Now = Now.AddMinutes(3);
        var error = await Assert.ThrowsAsync<GodexException>(() => source.GetAsync(CancellationToken.None).AsTask());
        Assert.Equal(502, error.Error.Status);
        Assert.True(source.State.Available);
    }

    [Fact]
    public async Task A_gemini_cli_login_is_refreshed_with_a_form_carrying_the_cli_client_id_and_secret_and_keeps_its_refresh_token()
    {
        File.WriteAllText(FilePath, $$"""{"access_token":"ya29.old","refresh_token":"1//keep","scope":"openid","token_type":"Bearer","expiry_date":{{Now.AddMinutes(-1).ToUnixTimeMilliseconds()}}}""");
        _endpoint.Reply = (HttpStatusCode.OK, """{"access_token":"ya29.new","expires_in":3599,"scope":"openid","token_type":"Bearer"}""");
        var config = new Godex.Gateway.Configuration.ProviderConfig { Name = "gemini-cli", AuthPath = FilePath, TokenUrl = "http://127.0.0.1:9/token" };
        using var source = CredentialSources.Create(config, GeminiCliLogin.Login, _endpoint, _time, NullLogger.Instance, _ => null);

        var credential = await source.GetAsync(CancellationToken.None);

        Assert.Equal("ya29.new", credential.AccessToken);
        var form = System.Web.HttpUtility.ParseQueryString(Assert.Single(_endpoint.Bodies));
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal("1//keep", form["refresh_token"]);
        Assert.Equal(GeminiCliLogin.Login.ClientId, form["client_id"]);
        Assert.Equal(GeminiCliLogin.Login.ClientSecret, form["client_secret"]);
        var saved = JsonNode.Parse(File.ReadAllText(FilePath))!;
        Assert.Equal("1//keep", (string?)saved["refresh_token"]);
        Assert.Equal(Now.AddSeconds(3599).ToUnixTimeMilliseconds(), (long?)saved["expiry_date"]);
        Assert.Equal("Bearer", (string?)saved["token_type"]);
    }

    private OAuthCredentialSource Source(bool refresh = true) => new(
        new TokenFile(FilePath, "~/creds.json"),
        new TestFormat(),
        new OAuthSourceOptions
        {
            Provider = "test",
            LoginCommand = "test-cli login",
            Refresh = refresh ? new TokenEndpoint(new TokenEndpointOptions(new Uri("http://127.0.0.1:9/token"), "client-1"), _endpoint) : null,
            RefreshAhead = TimeSpan.FromMinutes(5),
            EnableRefreshHint = "enable refresh",
        },
        _time,
        NullLogger.Instance);

    private void WriteFile(string access, TimeSpan? expiresIn, string refresh = "old-refresh")
    {
        var expires = expiresIn is { } span ? Now.Add(span).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : "null";
        File.WriteAllText(FilePath, $$"""{"token":{"access":"{{access}}","refresh":"{{refresh}}","expires_ms":{{expires}},"unknown":"kept"},"other":"also kept"}""");
    }
}
