using System.Net;

using Godex.Gateway.Pipeline;
using Godex.Gateway.Security;
using Godex.Gateway.Security.Keys;
using Godex.Gateway.Storage.Sqlite;
using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Tests.Security;

public sealed class ClientAuthenticationTests
{
    private static readonly IPAddress Remote = IPAddress.Parse("10.1.2.3");

    private static (GodexError? Error, GatewayContext Context) Authenticate(ClientKeys keys, IPAddress? remote, string? bearer = null, AccessRequirement? requirement = null, AdminKeys? admins = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = remote;
        if (bearer is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + bearer;
        }

        var context = new GatewayContext("req-1", "openai-chat", 0);
        using var lookup = EmptyStore();
        var authentication = new ClientAuthentication(keys, admins ?? new AdminKeys([]), lookup, TimeProvider.System);
        return (authentication.AuthenticateAsync(http, context, requirement ?? AccessRequirement.ClientKey).AsTask().GetAwaiter().GetResult(), context);
    }

    /// <summary>A real, empty key store in a scratch SQLite file.</summary>
    private static StoredKeyLookup EmptyStore()
    {
        var database = new SqliteDatabase(Path.Combine(Path.GetTempPath(), "godex-unit-" + Guid.NewGuid().ToString("N")[..12], "godex.db"));
        var store = new SqlKeyStore(database);
        store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var secret = new KeySecret(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return new StoredKeyLookup(store, new KeyManager(store, secret, TimeProvider.System), secret, TimeProvider.System);
    }

    [Fact]
    public void Admin_endpoints_take_the_admin_key_and_refuse_a_client_key_with_403()
    {
        var admins = new AdminKeys(["adm-1"]);

        Assert.Null(Authenticate(TwoKeys, Remote, "adm-1", AccessRequirement.Admin, admins).Error);
        Assert.Equal(403, Authenticate(TwoKeys, Remote, "sk-a", AccessRequirement.Admin, admins).Error?.Status);
        Assert.Equal("auth.invalid_key", Authenticate(TwoKeys, Remote, "nope", AccessRequirement.Admin, admins).Error?.Code);
        Assert.Equal("auth.missing_key", Authenticate(TwoKeys, Remote, null, AccessRequirement.Admin, admins).Error?.Code);
    }

    [Fact]
    public void The_admin_key_is_not_a_client_key()
    {
        var (error, _) = Authenticate(TwoKeys, Remote, "adm-1", AccessRequirement.ClientKey, new AdminKeys(["adm-1"]));

        Assert.Equal("auth.invalid_key", error?.Code);
    }

    [Fact]
    public void Without_an_admin_key_admin_endpoints_are_loopback_only()
    {
        Assert.Null(Authenticate(TwoKeys, IPAddress.Loopback, null, AccessRequirement.Admin).Error);
        Assert.Equal("auth.admin_not_configured", Authenticate(TwoKeys, Remote, "sk-a", AccessRequirement.Admin).Error?.Code);
    }

    private static ClientKeys NoKeys => new([], allowAnyKey: false);

    private static ClientKeys TwoKeys => new(["sk-a", "sk-b"], allowAnyKey: false);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void No_keys_lets_a_loopback_caller_in(string remote)
    {
        var (error, context) = Authenticate(NoKeys, IPAddress.Parse(remote));

        Assert.Null(error);
        Assert.Equal("loopback", context.CallerKeyId);
    }

    [Fact]
    public void No_keys_turns_away_a_remote_caller()
    {
        var (error, context) = Authenticate(NoKeys, Remote, bearer: "sk-anything");

        Assert.NotNull(error);
        Assert.Equal(401, error.Status);
        Assert.Equal("auth.no_keys_configured", error.Code);
        Assert.Null(context.CallerKeyId);
    }

    [Fact]
    public void No_keys_turns_away_a_caller_of_unknown_address()
    {
        var (error, _) = Authenticate(NoKeys, remote: null);

        Assert.Equal("auth.no_keys_configured", error?.Code);
    }

    [Fact]
    public void Missing_key_is_401_missing_key()
    {
        var (error, _) = Authenticate(TwoKeys, Remote);

        Assert.NotNull(error);
        Assert.Equal(401, error.Status);
        Assert.Equal("auth.missing_key", error.Code);
    }

    [Fact]
    public void Keys_apply_to_loopback_callers_too()
    {
        var (error, _) = Authenticate(TwoKeys, IPAddress.Loopback);

        Assert.Equal("auth.missing_key", error?.Code);
    }

    [Fact]
    public void Wrong_key_is_401_invalid_key()
    {
        var (error, _) = Authenticate(TwoKeys, Remote, bearer: "sk-c");

        Assert.NotNull(error);
        Assert.Equal(401, error.Status);
        Assert.Equal("auth.invalid_key", error.Code);
        Assert.DoesNotContain("sk-c", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Right_key_is_accepted_and_identified_by_index_only()
    {
        var (error, context) = Authenticate(TwoKeys, Remote, bearer: "sk-b");

        Assert.Null(error);
        Assert.Equal("key-1", context.CallerKeyId);
    }

    [Fact]
    public void Allow_any_key_accepts_a_remote_caller_without_a_key()
    {
        var (error, context) = Authenticate(new ClientKeys([], allowAnyKey: true), Remote);

        Assert.Null(error);
        Assert.Equal("any", context.CallerKeyId);
    }

    [Fact]
    public void Allow_any_key_accepts_a_wrong_key_even_when_keys_are_configured()
    {
        var (error, _) = Authenticate(new ClientKeys(["sk-a"], allowAnyKey: true), Remote, bearer: "sk-wrong");

        Assert.Null(error);
    }
}
