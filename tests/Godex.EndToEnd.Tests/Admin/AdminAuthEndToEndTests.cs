using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>Every admin API endpoint refuses a caller without a key (401) and a client key (403), in OpenAI's error shape.</summary>
public sealed class AdminAuthEndToEndTests : IAsyncLifetime
{
    private AdminApiHost _host = null!;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/admin/api/providers" },
        { "GET", "/admin/api/providers/local" },
        { "POST", "/admin/api/providers/local/test" },
        { "POST", "/admin/api/providers/local/enable" },
        { "POST", "/admin/api/providers/local/disable" },
        { "GET", "/admin/api/keys" },
        { "POST", "/admin/api/keys" },
        { "PATCH", "/admin/api/keys/some-id" },
        { "DELETE", "/admin/api/keys/some-id" },
        { "GET", "/admin/api/usage?group_by=model" },
        { "GET", "/admin/api/traces" },
        { "GET", "/admin/api/traces/some-id" },
        { "POST", "/admin/api/traces/some-id/replay" },
        { "GET", "/admin/api/config" },
        { "POST", "/admin/api/config/reload" },
        { "GET", "/admin/api/events" },
    };

    public async Task InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_key_the_endpoint_is_401_and_with_a_client_key_403(string method, string path)
    {
        using var missing = await _host.SendAsync(new HttpMethod(method), path, key: null);
        Assert.Equal(401, (int)missing.StatusCode);
        Assert.Equal("auth.missing_key", (string?)JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!["code"]);

        using var client = await _host.SendAsync(new HttpMethod(method), path, key: AdminApiHost.ClientKey);
        Assert.Equal(403, (int)client.StatusCode);
        var error = JsonNode.Parse(await client.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("auth.admin_required", (string?)error["code"]);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        Assert.NotNull(error["type"]);

        Assert.Empty(_host.Upstream.Received); // refused before anything ran: the test endpoint sent no probe
        Assert.False((bool)(await _host.MemberAsync("local"))["disabled"]!);
    }
}
