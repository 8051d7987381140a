using System.Globalization;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;
using Godex.Testing;

namespace Godex.EndToEnd.Tests.Keys;

/// <summary>`godex keys` against the store the server uses: add → use → revoke, rotate with grace, expiry; on SQLite and PostgreSQL.</summary>
public abstract class KeyLifecycleTests : IAsyncLifetime
{
    protected KeyStoreHarness Harness { get; private set; } = null!;

    protected abstract Task<string?> StorageAsync();

    public async Task InitializeAsync() => Harness = await KeyStoreHarness.StartAsync(await StorageAsync());

    public virtual async Task DisposeAsync() => await Harness.DisposeAsync();

    [Fact]
    public async Task Added_key_works_and_revoked_key_gets_401()
    {
        var (id, secret) = await Harness.AddKeyAsync("--label", "ci", "--owner", "team-a");

        Assert.Matches("^gxk_[0-9A-Za-z]{6}$", id);
        Assert.StartsWith(id + "_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= id.Length + 1 + 43, "32 random bytes in base62 are at least 43 characters");
        var ok = await Harness.ChatAsync(secret);
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal(id, (await Traces.WaitForAsync(Harness.Godex, Traces.RequestId(ok))).CallerKeyId);

        var listed = await Harness.CliAsync("keys", "list");
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await Harness.CliAsync("keys", "show", id), StringComparison.Ordinal);

        await Harness.CliAsync("keys", "revoke", id);
        await Harness.EventuallyStatusAsync(secret, 401);
        var refused = JsonNode.Parse(await (await Harness.ChatAsync(secret)).Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("auth.key_revoked", (string?)refused["code"]);
        Assert.Equal("authentication_error", (string?)refused["type"]);
        Assert.Equal(200, await Harness.StatusAsync(KeyStoreHarness.StaticKey)); // the config's keys keep working
        Assert.Equal("revoked", (string?)JsonNode.Parse(await Harness.CliAsync("keys", "show", id))!["status"]);
    }

    [Fact]
    public async Task A_spent_budget_refuses_survives_a_restart_and_comes_back_on_usage_reset()
    {
        await Harness.DisposeAsync();
        Harness = await KeyStoreHarness.StartAsync(await StorageAsync(), extra: "prices: { mock: { input: 1000000, output: 1000000 } }"); // a dollar a token
        var (id, secret) = await Harness.AddKeyAsync("--label", "metered", "--budget-usd", "40", "--window", "1d");

        HttpResponseMessage response;
        var answered = 0;
        while ((int)(response = await Harness.ChatAsync(secret)).StatusCode == 200)
        {
            Assert.True(++answered < 40, "a $40 budget paid for forty answers of a dollar a token");
        }

        Assert.True(answered >= 1, "the first answer fits the budget");
        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("key.budget_usd", response.Headers.GetValues("x-godex-limit").Single());
        Assert.Contains("budget of $40.00 per 1d is spent", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var shown = await Harness.CliAsync("usage", "show", id);
        Assert.Matches(@"budget per 1d: \$\d+(\.\d+)? of \$40 spent since", shown);

        // The ledger, not the process, remembers: a restarted gateway still refuses.
        await Harness.RestartAsync();
        var rows = (await Harness.CliAsync("usage", "list", "--json")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        var mine = Assert.Single(rows, row => (string?)row["key"] == id);
        Assert.Equal(answered + 1, (long)mine["requests"]!); // the answers and the refusal, all traced before the stop
        Assert.Equal(1, (long)mine["errors"]!);
        Assert.True((decimal)mine["cost_usd"]! >= 40m, "the answers cost the budget and then some");
        Assert.Equal(429, await Harness.StatusAsync(secret));

        await Harness.CliAsync("usage", "reset", id);
        await Harness.EventuallyStatusAsync(secret, 200);
    }

    [Fact]
    public async Task Rotated_key_accepts_both_secrets_during_grace_and_only_the_new_one_after()
    {
        var (id, old) = await Harness.AddKeyAsync("--label", "rotating");
        Assert.Equal(200, await Harness.StatusAsync(old));

        var rotated = JsonNode.Parse(await Harness.CliAsync("keys", "rotate", id, "--grace", "8s", "--json"))!;
        var fresh = (string)rotated["secret"]!;
        Assert.NotEqual(old, fresh);
        Assert.NotNull(rotated["previous_secret_valid_until"]);

        await Harness.EventuallyStatusAsync(fresh, 200);
        Assert.Equal(200, await Harness.StatusAsync(old));
        await Harness.EventuallyStatusAsync(old, 401);
        Assert.Equal(200, await Harness.StatusAsync(fresh));
    }

    [Fact]
    public async Task Key_stops_working_when_it_expires_and_disabled_keys_get_401()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(10).ToString("O", CultureInfo.InvariantCulture);
        var (_, expiring) = await Harness.AddKeyAsync("--label", "short", "--expires", expires);
        Assert.Equal(200, await Harness.StatusAsync(expiring));
        await Harness.EventuallyStatusAsync(expiring, 401);
        Assert.Contains("expired", await (await Harness.ChatAsync(expiring)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (id, secret) = await Harness.AddKeyAsync("--label", "switch");
        Assert.Equal(200, await Harness.StatusAsync(secret));
        await Harness.CliAsync("keys", "update", id, "--disable");
        await Harness.EventuallyStatusAsync(secret, 401);
        await Harness.CliAsync("keys", "update", id, "--enable");
        await Harness.EventuallyStatusAsync(secret, 200);
    }

    [Fact]
    public async Task Keys_cli_works_through_the_gateway_admin_api()
    {
        var gateway = Harness.Godex.BaseUrl.ToString();
        var added = JsonNode.Parse(await Harness.CliAsync("keys", "add", "--label", "remote", "--rpm", "60", "--gateway", gateway, "--admin-key", KeyStoreHarness.AdminKey, "--json"))!;
        var id = (string)added["id"]!;
        var secret = (string)added["secret"]!;
        Assert.Equal(60, (int)added["rpm"]!);
        Assert.Equal(200, await Harness.StatusAsync(secret));

        var list = await Harness.CliAsync("keys", "list", "--gateway", gateway, "--admin-key", KeyStoreHarness.AdminKey);
        Assert.Contains(id, list, StringComparison.Ordinal);

        // Through the server's own API the change is seen at once, no cache delay.
        await Harness.CliAsync("keys", "revoke", id, "--gateway", gateway, "--admin-key", KeyStoreHarness.AdminKey);
        Assert.Equal(401, await Harness.StatusAsync(secret));

        var (exit, _, stderr) = await Harness.CliResultAsync("keys", "list", "--gateway", gateway, "--admin-key", secret);
        Assert.NotEqual(0, exit);
        Assert.Contains("401", stderr, StringComparison.Ordinal);
    }
}

public sealed class SqliteKeyLifecycleTests : KeyLifecycleTests
{
    protected override Task<string?> StorageAsync() => Task.FromResult<string?>(null);

    [Fact]
    public async Task Secrets_and_byok_keys_are_not_in_the_database_file()
    {
        var (id, secret) = await Harness.AddKeyAsync("--label", "grep", "--byok", "mock=sk-upstream-plain-123");
        Assert.Equal(200, await Harness.StatusAsync(secret));
        await Harness.CliAsync("keys", "rotate", id);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(Harness.Directory, "godex.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            var bytes = await reader.ReadToEndAsync();
            Assert.DoesNotContain(secret[(id.Length + 1)..], bytes, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-upstream-plain-123", bytes, StringComparison.Ordinal);
            Assert.Contains(id, bytes + id, StringComparison.Ordinal);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Harness.Directory, "key-secret")));
        }
    }
}

public sealed class PostgresKeyLifecycleTests : KeyLifecycleTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<string?> StorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        // The key secret lives in the data folder (storage.path's) with PostgreSQL too.
        return $"{{ postgres: \"{_database.ConnectionString}\", path: \"{{dir}}/godex.db\" }}";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
