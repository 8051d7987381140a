using System.Runtime.InteropServices;

using Microsoft.Extensions.Hosting;

namespace Godex.Gateway.Admin;

/// <summary>How often the config file is looked at (a stat, not a read; tests shorten it).</summary>
public sealed record ConfigWatchOptions(TimeSpan Interval)
{
    public static readonly ConfigWatchOptions Default = new(TimeSpan.FromSeconds(2));
}

/// <summary>
/// What reloads the config: SIGHUP, and (with `watch_config`, the default) a change to the file. The
/// file is polled rather than watched: a directory watcher sees every write to a database file beside
/// it, and polling the final target also catches a Kubernetes ConfigMap's symlink swap.
/// </summary>
public sealed class ReloadTriggers(ConfigReloader reloader, ConfigWatchOptions watch, TimeProvider time, bool watchFile) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private PosixSignalRegistration? _hangup;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true; // SIGHUP's default is to end the process
                _ = reloader.ReloadAsync("SIGHUP");
            });
        }

        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _hangup?.Dispose();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!watchFile || reloader.Path is not { } path)
        {
            return;
        }

        var seen = Stamp(path);
        using var timer = new PeriodicTimer(watch.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Stamp(path);
                if (now == seen)
                {
                    continue;
                }

                // An editor may still be writing: wait until the file holds still before reading it.
                do
                {
                    seen = now;
                    await Task.Delay(Settle, time, stoppingToken);
                    now = Stamp(path);
                }
                while (now != seen);

                await reloader.ReloadAsync("file changed", stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The file's final target (through symlinks), size and write time; a missing file has its own stamp.</summary>
    private static (string Target, long Length, DateTime Written) Stamp(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            {
                file = target;
            }

            return file.Exists ? (file.FullName, file.Length, file.LastWriteTimeUtc) : (path, -1, default);
        }
        catch (IOException)
        {
            return (path, -1, default);
        }
    }
}
