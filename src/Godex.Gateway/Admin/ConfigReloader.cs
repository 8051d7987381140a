using Godex.Gateway.Configuration;
using Godex.Gateway.Routing;
using Godex.Gateway.Telemetry.Events;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Admin;

/// <summary>What a reload did: applied (and which settings wait for a restart), unchanged, or refused and why.</summary>
public sealed record ReloadResult(bool Applied, string? Error, IReadOnlyList<string> RestartRequired, int Generation);

/// <summary>
/// Reads the config file again and swaps providers, pools and routing in one step (see <see cref="LiveRouting"/>).
/// Requests and streams in flight keep what they were routed with. A file that does not load changes
/// nothing: the running config stays and the reason is logged and returned. One reload at a time.
/// </summary>
public sealed partial class ConfigReloader(LiveRouting live, RoutingStateBuilder builder, ILogger<ConfigReloader> logger, ConfigReloadSource? source = null, GatewayEvents? events = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The file a reload reads, or null when the gateway runs on its embedded defaults.</summary>
    public string? Path => source?.Path;

    /// <param name="trigger">What asked for it (file change, SIGHUP, admin API), for the log.</param>
    public async Task<ReloadResult> ReloadAsync(string trigger, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(trigger, cancellationToken);
        if (events is { Listening: true })
        {
            events.Publish(new ConfigReloaded(events.Time.GetUtcNow(), trigger, result.Applied, result.Generation, result.Error, result.RestartRequired));
        }

        return result;
    }

    private async Task<ReloadResult> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        if (source is null)
        {
            return new ReloadResult(false, "this gateway runs on its embedded defaults: there is no config file to reload (start it with --config or a godex.yaml)", [], live.Generation);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var running = live.Current;
            RoutingState next;
            try
            {
                next = builder.Build(source.Load(), running);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Whatever fails (a bad file, a provider that cannot be built), the running gateway must not.
                LogRefused(logger, trigger, exception.Message);
                return new ReloadResult(false, exception.Message, [], live.Generation);
            }

            if (!next.Registry.All.Any() && running.Registry.All.Any())
            {
                // An emptied or half-written file would otherwise turn every request away.
                var reason = $"{source.Path}: the new config has no usable provider ({Skipped(next)}); the running config stays";
                LogRefused(logger, trigger, reason);
                return new ReloadResult(false, reason, [], live.Generation);
            }

            var restart = RestartOnlySettings.Changed(running.Options, next.Options);
            live.Swap(next);
            LogApplied(logger, trigger, source.Path, live.Generation, string.Join(", ", next.Registry.All.Select(provider => provider.Name)));
            if (restart.Count > 0)
            {
                LogRestartRequired(logger, string.Join(", ", restart));
            }

            return new ReloadResult(true, null, restart, live.Generation);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string Skipped(RoutingState state) =>
        state.Registry.Skipped.Any() ? "skipped: " + string.Join("; ", state.Registry.Skipped.Select(skipped => $"{skipped.Name}: {skipped.Reason}")) : "none is configured";

    [LoggerMessage(Level = LogLevel.Error, Message = "Config reload ({Trigger}) refused, the running config stays: {Reason}")]
    private static partial void LogRefused(ILogger logger, string trigger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Config reloaded ({Trigger}) from {Path}: generation {Generation}, providers {Providers}")]
    private static partial void LogApplied(ILogger logger, string trigger, string path, int generation, string providers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Config reload: changes to {Settings} take effect at the next restart")]
    private static partial void LogRestartRequired(ILogger logger, string settings);
}
