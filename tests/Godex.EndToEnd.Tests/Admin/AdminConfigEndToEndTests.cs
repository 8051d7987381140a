using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>`GET /admin/api/config` (effective, never a secret) and `POST /admin/api/config/reload` (validates first) through the real server.</summary>
public sealed class AdminConfigEndToEndTests : IDisposable
{
    private const string AdminKey = "admin-secret-key-value";
    private const string ClientKey = "client-secret-key-value";
    private const string ProviderKey = "sk-provider-secret-value";
    private const string HeaderSecret = "header-token-secret-value";
    private readonly string _directory = GodexProcess.ScratchDirectory();

    private string ConfigPath => Path.Combine(_directory, "godex.yaml");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Config_shows_the_effective_settings_with_every_secret_redacted()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml("first"));
        await using var godex = await GodexHost.StartFromFileAsync(ConfigPath, watchInterval: TimeSpan.FromHours(1));

        using var response = await Admin(godex, HttpMethod.Get, "/admin/api/config");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        foreach (var secret in new[] { AdminKey, ClientKey, ProviderKey, HeaderSecret })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var body = JsonNode.Parse(text)!;
        Assert.Equal(1, (int)body["generation"]!);
        Assert.Equal(ConfigPath, (string?)body["path"]);
        var provider = body["config"]!["providers"]!["first"]!;
        Assert.Equal(("openai", "<redacted>", "<redacted>", "godex"), ((string?)provider["type"], (string?)provider["api_key"], (string?)provider["headers"]!["X-Auth-Token"], (string?)provider["headers"]!["X-Team"]));
        Assert.Equal(["<redacted>"], body["config"]!["keys"]!.AsArray().Select(key => (string?)key));
        Assert.Contains("first:", (string?)body["yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_reload_changes_nothing_and_says_why_and_a_good_one_shows_in_config_and_events()
    {
        await File.WriteAllTextAsync(ConfigPath, Yaml("first"));
        await using var godex = await GodexHost.StartFromFileAsync(ConfigPath, watchInterval: TimeSpan.FromHours(1));
        await using var events = await EventStreamReader.OpenAsync(godex.Http, AdminKey);

        await File.WriteAllTextAsync(ConfigPath, Yaml("second").Replace("type: openai", "type: no-such-type", StringComparison.Ordinal));
        using var refused = await Admin(godex, HttpMethod.Post, "/admin/api/config/reload");
        Assert.Equal(422, (int)refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("config.invalid", (string?)error["code"]);
        Assert.Contains("no-such-type", (string?)error["message"], StringComparison.Ordinal);
        var unchanged = JsonNode.Parse(await (await Admin(godex, HttpMethod.Get, "/admin/api/config")).Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)unchanged["generation"]!);
        Assert.NotNull(unchanged["config"]!["providers"]!["first"]);
        var refusedEvent = await events.WaitForAsync("config.reloaded");
        Assert.Equal((false, "admin API"), ((bool)refusedEvent["applied"]!, (string?)refusedEvent["trigger"]));
        Assert.Contains("no-such-type", (string?)refusedEvent["error"], StringComparison.Ordinal);

        await File.WriteAllTextAsync(ConfigPath, Yaml("second"));
        using var applied = await Admin(godex, HttpMethod.Post, "/admin/api/config/reload");
        Assert.Equal(200, (int)applied.StatusCode);
        var changed = JsonNode.Parse(await (await Admin(godex, HttpMethod.Get, "/admin/api/config")).Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)changed["generation"]!);
        Assert.NotNull(changed["config"]!["providers"]!["second"]);
        Assert.Null(changed["config"]!["providers"]!["first"]);
        var appliedEvent = await events.WaitForAsync("config.reloaded", data => (bool)data["applied"]!);
        Assert.Equal(2, (int)appliedEvent["generation"]!);
        var providers = JsonNode.Parse(await (await Admin(godex, HttpMethod.Get, "/admin/api/providers")).Content.ReadAsStringAsync())!;
        Assert.Equal(["second"], providers["data"]!.AsArray().Select(provider => (string?)provider!["name"]));
    }

    private static Task<HttpResponseMessage> Admin(GodexHost godex, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", AdminKey);
        return godex.Http.SendAsync(request);
    }

    private static string Yaml(string provider) => $$"""
        keys: [ "{{ClientKey}}" ]
        admin_keys: [ "{{AdminKey}}" ]
        providers:
          {{provider}}:
            type: openai
            base_url: http://127.0.0.1:9/v1
            api_key: {{ProviderKey}}
            models: [ some-model ]
            headers: { X-Auth-Token: {{HeaderSecret}}, X-Team: godex }
        """;
}
