using System.Net;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hosting;

/// <summary>
/// Config hot reload through the real server: a changed file swaps providers and routing for new
/// requests while streams opened before it finish on the route they began with; a bad file changes
/// nothing and says why.
/// </summary>
public sealed class ConfigReloadEndToEndTests : IAsyncLifetime
{
    private readonly string _directory = GodexProcess.ScratchDirectory();
    private ScriptedUpstream _old = null!;
    private ScriptedUpstream _new = null!;

    private string ConfigPath => Path.Combine(_directory, "godex.yaml");

    public async Task InitializeAsync()
    {
        _old = await ScriptedUpstream.StartAsync();
        _new = await ScriptedUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _old.DisposeAsync();
        await _new.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_changed_file_reroutes_new_requests_and_64_open_streams_finish_on_their_old_route()
    {
        var held = new HeldStreams().Serve(_old, rest: "old route");
        new HeldStreams().Serve(_new, first: "new ", rest: "route").Release();
        await File.WriteAllTextAsync(ConfigPath, Config(target: "old"));
        await using var godex = await GodexHost.StartFromFileAsync(ConfigPath);

        var open = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => HeldStreams.OpenAsync(godex.Http, "coder")));
        await Eventually.TrueAsync(() => held.Open == 64, "64 streams open on the old upstream");

        await File.WriteAllTextAsync(ConfigPath, Config(target: "new"));
        await Eventually.TrueAsync(async () => (int?)JsonNode.Parse(await godex.Http.GetStringAsync("/health"))!["config_generation"] == 2, "the changed file reloaded");
        Assert.Equal("new route", (await HeldStreams.ReadAsync(await HeldStreams.OpenAsync(godex.Http, "coder"))).Text);

        held.Release();
        var finished = await Task.WhenAll(open.Select(HeldStreams.ReadAsync));
        Assert.All(finished, stream => Assert.Equal(("held old route", true), stream));
        Assert.Equal(64, _old.Received.Count);
    }

    [Fact]
    public async Task A_bad_file_keeps_the_running_config_and_the_reload_says_why()
    {
        new HeldStreams().Serve(_old, rest: "old route").Release();
        await File.WriteAllTextAsync(ConfigPath, Config(target: "old"));
        await using var godex = await GodexHost.StartFromFileAsync(ConfigPath, watchInterval: TimeSpan.FromHours(1));
        await File.WriteAllTextAsync(ConfigPath, Config(target: "old").Replace("strategy: weighted", "strategy: fastest", StringComparison.Ordinal));

        var refused = await godex.Http.PostAsync("/admin/api/config/reload", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("config.invalid", (string?)error["code"]);
        Assert.Contains("godex.yaml", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("fastest", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("held old route", (await HeldStreams.ReadAsync(await HeldStreams.OpenAsync(godex.Http, "coder"))).Text);
    }

    [Fact]
    public async Task A_reload_applies_routing_at_once_and_names_the_settings_that_wait_for_a_restart()
    {
        new HeldStreams().Serve(_new, first: "new ", rest: "route").Release();
        await File.WriteAllTextAsync(ConfigPath, Config(target: "old"));
        await using var godex = await GodexHost.StartFromFileAsync(ConfigPath, watchInterval: TimeSpan.FromHours(1));
        await File.WriteAllTextAsync(ConfigPath, "log_level: debug\n" + Config(target: "new"));

        var applied = await godex.Http.PostAsync("/admin/api/config/reload", null);

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var body = JsonNode.Parse(await applied.Content.ReadAsStringAsync())!;
        Assert.Equal((true, 2), ((bool)body["reloaded"]!, (int)body["generation"]!));
        Assert.Equal(["log_level"], body["restart_required"]!.AsArray().Select(setting => (string)setting!));
        Assert.Equal("new route", (await HeldStreams.ReadAsync(await HeldStreams.OpenAsync(godex.Http, "coder"))).Text);
    }

    [Fact]
    public async Task An_emptied_file_is_refused_rather_than_leaving_no_provider()
    {
        await File.WriteAllTextAsync(ConfigPath, Config(target: "old"));
        await using var godex = await GodexHost.StartFromFileAsync(ConfigPath, watchInterval: TimeSpan.FromHours(1));
        await File.WriteAllTextAsync(ConfigPath, "");

        var refused = await godex.Http.PostAsync("/admin/api/config/reload", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("no usable provider", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private string Config(string target) => $$"""
        providers:
          old:
            type: openai
            base_url: {{_old.ChatBaseUrl}}
            api_key: sk-old
          new:
            type: openai
            base_url: {{_new.ChatBaseUrl}}
            api_key: sk-new
        routing:
          strategy: weighted
          aliases:
            coder: {{target}}/gpt-4o
        """;
}
