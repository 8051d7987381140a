using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>`godex attach`: the real executable following a running gateway's events, filtered, until the gateway stops.</summary>
public sealed class AttachCommandTests : IAsyncLifetime
{
    private readonly string _directory = GodexProcess.ScratchDirectory();
    private AdminApiHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private GodexProcess Attach(params string[] args) =>
        GodexProcess.Start(_directory, new Dictionary<string, string> { ["GODEX_ADMIN_KEY"] = AdminApiHost.AdminKey, ["NO_COLOR"] = "1" }, ["attach", "--gateway", _host.Godex.BaseUrl.ToString(), .. args]);

    [Fact]
    public async Task It_prints_requests_as_they_end_and_provider_changes_and_errors_only_filters()
    {
        using var all = Attach();
        using var errors = Attach("--errors", "--json");
        await WaitSubscribedAsync(2);

        var ok = Traces.RequestId(await _host.ChatAsync("llama-3.3-70b"));
        var missing = Traces.RequestId(await _host.ChatAsync("no-such-model"));
        await _host.SendAsync(HttpMethod.Post, "/admin/api/providers/local/disable");

        await all.WaitForOutputAsync("provider local disabled", TimeSpan.FromSeconds(20));
        await all.WaitForOutputAsync(missing, TimeSpan.FromSeconds(20));
        Assert.Matches($@"\d\d:\d\d:\d\d\.\d{{3}}  200 llama-3\.3-70b via local key key-0: [\d.]+ ms, 5 in / 2 out \({ok}\)", all.Output);
        Assert.Matches($@"404 no-such-model via - key key-0: [\d.]+ ms, 0 in / 0 out routing\.model_not_found \({missing}\)", all.Output);
        Assert.DoesNotContain("\u001b[", all.Output, StringComparison.Ordinal); // NO_COLOR

        await errors.WaitForOutputAsync(missing, TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(ok, errors.Output, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"provider.state\"", errors.Output, StringComparison.Ordinal);

        // The gateway stopping ends the stream, and attach with it.
        await _host.Godex.StopKeepingFilesAsync();
        Assert.Equal(0, await all.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_client_key_is_refused_and_attach_says_so()
    {
        var (exit, _, stderr) = await GodexProcess.RunAsync(_directory, null, "attach", "--gateway", _host.Godex.BaseUrl.ToString(), "--admin-key", AdminApiHost.ClientKey);

        Assert.Equal(1, exit);
        Assert.Contains("403", stderr, StringComparison.Ordinal);
        Assert.Contains("auth.admin_required", stderr, StringComparison.Ordinal);
    }

    /// <summary>Waits until the gateway has <paramref name="count"/> event subscribers, so no event is sent before they listen.</summary>
    private async Task WaitSubscribedAsync(int count)
    {
        var events = (Godex.Gateway.Telemetry.Events.GatewayEvents)_host.Godex.Services.GetService(typeof(Godex.Gateway.Telemetry.Events.GatewayEvents))!;
        await Eventually.TrueAsync(() => events.Subscribers >= count, $"{count} attach processes subscribed", TimeSpan.FromSeconds(30));
    }
}
