using System.Diagnostics;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Admin;

/// <summary>`GET /admin/api/events` through the real server: requests as they start and end, member state changes, a clean end at shutdown.</summary>
public sealed class AdminEventsEndToEndTests
{
    [Fact]
    public async Task The_stream_tells_each_request_as_it_starts_and_ends()
    {
        await using var host = await AdminApiHost.StartAsync();
        await using var events = await EventStreamReader.OpenAsync(host.Godex.Http, AdminApiHost.AdminKey);

        using var response = await host.ChatAsync("llama-3.3-70b", stream: true);
        await response.Content.ReadAsStringAsync();
        var id = Traces.RequestId(response);

        var started = await events.WaitForAsync("request.started", data => (string?)data["id"] == id);
        Assert.Equal(("key-0", "llama-3.3-70b", "local", "openai-chat", true), ((string?)started["key_id"], (string?)started["model"], (string?)started["provider"], (string?)started["protocol"], (bool)started["stream"]!));
        Assert.EndsWith("Z", (string)started["at"]!, StringComparison.Ordinal);

        var finished = await events.WaitForAsync("request.finished", data => (string?)data["id"] == id);
        Assert.Equal((200, "ok", "local", 7, 1), ((int)finished["status"]!, (string?)finished["outcome"], (string?)finished["provider"], (int)finished["input_tokens"]!, (int)finished["output_tokens"]!));
        Assert.True((double)finished["latency_ms"]! > 0);
        Assert.NotNull(finished["ttft_ms"]);

        var order = events.Events.Select(item => (item.Event, (string?)item.Data["id"])).ToList();
        Assert.True(order.IndexOf(("request.started", id)) < order.IndexOf(("request.finished", id)));
    }

    [Fact]
    public async Task The_stream_tells_provider_state_changes_from_failures_and_from_the_operator()
    {
        await using var host = await AdminApiHost.StartAsync();
        await using var events = await EventStreamReader.OpenAsync(host.Godex.Http, AdminApiHost.AdminKey);

        host.Upstream.ReplyJson("""{"error":{"message":"down for maintenance","type":"server_error"}}""", status: 503);
        Assert.Equal(503, (int)(await host.ChatAsync("llama-3.3-70b")).StatusCode);
        var cooling = await events.WaitForAsync("provider.state", data => (string?)data["member"] == "local");
        Assert.Equal(("local", "cooling_down", "failure", "503 provider.http_error"), ((string?)cooling["provider"], (string?)cooling["state"], (string?)cooling["cause"], (string?)cooling["last_error"]));
        Assert.NotNull(cooling["cooldown_until"]);

        await host.PostAsync("/admin/api/providers/pooled%232/disable");
        var disabled = await events.WaitForAsync("provider.state", data => (string?)data["member"] == "pooled#2");
        Assert.Equal(("pooled", "disabled", "disabled by operator"), ((string?)disabled["provider"], (string?)disabled["state"], (string?)disabled["cause"]));

        await host.PostAsync("/admin/api/providers/pooled%232/enable");
        var enabled = await events.WaitForAsync("provider.state", data => (string?)data["cause"] == "enabled by operator");
        Assert.Equal(("pooled#2", "healthy"), ((string?)enabled["member"], (string?)enabled["state"]));
    }

    [Fact]
    public async Task The_stream_ends_cleanly_when_the_gateway_stops_without_waiting_for_the_shutdown_timeout()
    {
        var host = await AdminApiHost.StartAsync(extra: "shutdown_timeout: 30s");
        var events = await EventStreamReader.OpenAsync(host.Godex.Http, AdminApiHost.AdminKey);
        var clock = Stopwatch.StartNew();

        await host.DisposeAsync();

        await events.Ended.WaitAsync(TimeSpan.FromSeconds(10)); // throws TimeoutException when the stream outlives the gateway
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {clock.Elapsed}");
        await events.DisposeAsync();
    }
}
