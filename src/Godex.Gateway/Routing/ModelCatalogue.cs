using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;
using Godex.Wire;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Routing;

/// <summary>
/// Each provider's discovered model list, asked of its upstream at most once per `models.discovery_ttl`
/// (default 5 min), all providers at once, each within `models.discovery_timeout`. A failure keeps the
/// last good list and records the error. Discovery is lazy: only the first model-list request waits for
/// it; later ones get the cached lists while stale ones refresh in the background. Routing never reads it.
/// </summary>
public sealed partial class ModelCatalogue
{
    private readonly ProviderRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelCatalogue> _logger;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _timeout;
    private readonly Dictionary<string, Discovery> _discoveries = new(StringComparer.Ordinal);
    private int _generation;

    public ModelCatalogue(ProviderRegistry registry, GodexConfig config, TimeProvider time, ILogger<ModelCatalogue> logger)
    {
        _registry = registry;
        _time = time;
        _logger = logger;
        _ttl = config.Models.DiscoveryTtl;
        _timeout = config.Models.DiscoveryTimeout;
        foreach (var provider in registry.All)
        {
            // Only providers whose upstream decides what it serves have a list to ask for (not the mock).
            if (provider.ServesAnyModel && config.Providers.TryGetValue(provider.Name, out var configured) && configured.DiscoverModels)
            {
                _discoveries[provider.Name] = new Discovery(provider);
            }
        }
    }

    /// <summary>Every provider's models; waits only for providers never asked before, refreshes stale ones in the background.</summary>
    public async Task<IReadOnlyList<ProviderModels>> GetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var firsts = new List<Task>();
        foreach (var discovery in _discoveries.Values)
        {
            lock (discovery)
            {
                var stale = discovery.AttemptedAt is not { } attempted || now - attempted >= _ttl;
                var running = stale ? Start(discovery) : discovery.Running;
                if (discovery.AttemptedAt is null && running is not null)
                {
                    firsts.Add(running);
                }
            }
        }

        await Task.WhenAll(firsts).WaitAsync(cancellationToken);
        return Current;
    }

    /// <summary>Asks every provider now, whatever the cache holds, and waits (the `godex models` command).</summary>
    public async Task<IReadOnlyList<ProviderModels>> RefreshAsync(CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        foreach (var discovery in _discoveries.Values)
        {
            lock (discovery)
            {
                running.Add(Start(discovery));
            }
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken);
        return Current;
    }

    /// <summary>The discovery under way for a provider, or a new one off the caller's thread. Call with the discovery locked.</summary>
    private Task Start(Discovery discovery) =>
        discovery.Running ??= Task.Run(() => DiscoverAsync(discovery), CancellationToken.None);

    /// <summary>Goes up each time a provider's list arrives, so a reader can tell cheaply that <see cref="Current"/> changed.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>What is known now, without asking anyone.</summary>
    public IReadOnlyList<ProviderModels> Current => [.. _registry.All.Select(Snapshot)];

    private ProviderModels Snapshot(IProvider provider)
    {
        if (!_discoveries.TryGetValue(provider.Name, out var discovery))
        {
            return new ProviderModels(provider, Discovers: false, [], Error: null, DiscoveredAt: null);
        }

        lock (discovery)
        {
            return new ProviderModels(provider, Discovers: true, discovery.Models, discovery.Error, discovery.SucceededAt);
        }
    }

    private async Task DiscoverAsync(Discovery discovery)
    {
        IReadOnlyList<DiscoveredModel>? models = null;
        string? error = null;
        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            models = await discovery.Provider.ListModelsAsync(timeout.Token) ?? [];
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            error = $"no model list within {_timeout.TotalSeconds:0.###} s (models.discovery_timeout)";
        }
        catch (GodexException exception)
        {
            error = $"{exception.Error.Status} {exception.Error.Code}: {exception.Error.Message}";
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException)
        {
            error = exception.Message;
        }

        lock (discovery)
        {
            var now = _time.GetUtcNow();
            discovery.AttemptedAt = now;
            discovery.Running = null;
            discovery.Error = error;
            if (models is not null)
            {
                discovery.Models = models;
                discovery.SucceededAt = now;
                Interlocked.Increment(ref _generation);
            }
        }

        if (error is not null)
        {
            LogDiscoveryFailed(discovery.Provider.Name, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider}: model discovery failed, keeping its last list: {Error}")]
    private partial void LogDiscoveryFailed(string provider, string error);

    /// <summary>One provider's discovery state; guarded by locking the instance.</summary>
    private sealed class Discovery(IProvider provider)
    {
        public IProvider Provider { get; } = provider;
        public IReadOnlyList<DiscoveredModel> Models { get; set; } = [];
        public string? Error { get; set; }
        public DateTimeOffset? AttemptedAt { get; set; }
        public DateTimeOffset? SucceededAt { get; set; }
        public Task? Running { get; set; }
    }
}
