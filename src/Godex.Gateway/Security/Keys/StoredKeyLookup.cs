using Microsoft.Extensions.Caching.Memory;

namespace Godex.Gateway.Security.Keys;

/// <summary>A stored key as authentication uses it: the row, its limits and its unsealed BYOK keys, built once per lookup.</summary>
public sealed record ActiveKey(StoredKey Key, bool Previous, KeyLimits Limits, IReadOnlyDictionary<string, string> UpstreamKeys);

/// <summary>
/// Finds stored keys by digest without a database round trip per request: an answer is fresh for
/// <see cref="Fresh"/> (so a revocation made by `godex keys` elsewhere is seen within that), and a
/// stale one is still used while one background lookup refreshes it. Changes made through this
/// server's admin API are seen at once.
/// </summary>
public sealed class StoredKeyLookup : IDisposable
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    private readonly SqlKeyStore _store;
    private readonly KeyManager _manager;
    private readonly KeySecret _secret;
    private readonly TimeProvider _time;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private volatile AnyKeys? _anyKeys;

    private sealed record AnyKeys(bool Exist, DateTimeOffset Fetched);

    public StoredKeyLookup(SqlKeyStore store, KeyManager manager, KeySecret secret, TimeProvider time)
    {
        (_store, _manager, _secret, _time) = (store, manager, secret, time);
        manager.Changed += Forget;
    }

    private sealed class Entry(ActiveKey? key, DateTimeOffset fetched)
    {
        public ActiveKey? Key { get; } = key;

        public DateTimeOffset Fetched { get; } = fetched;

        public int Refreshing;
    }

    /// <summary>The digest a presented secret is looked up by.</summary>
    public string Digest(string presented) => _secret.Digest(presented);

    public async ValueTask<ActiveKey?> FindAsync(string digest, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(digest, out Entry? entry) && entry is not null)
        {
            if (_time.GetUtcNow() - entry.Fetched > Fresh && Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
            {
                _ = Task.Run(() => LoadAsync(digest, CancellationToken.None), CancellationToken.None);
            }

            return entry.Key;
        }

        return await LoadAsync(digest, cancellationToken);
    }

    /// <summary>
    /// Whether the store holds any key, fresh for <see cref="Fresh"/>: once one exists, keys are
    /// required, and a caller on this machine (or a reverse proxy on it) is no longer let in without one.
    /// </summary>
    public async ValueTask<bool> AnyKeysAsync(CancellationToken cancellationToken)
    {
        if (_anyKeys is { } known && (known.Exist || _time.GetUtcNow() - known.Fetched <= Fresh))
        {
            return known.Exist;
        }

        var exist = await _store.AnyAsync(cancellationToken);
        _anyKeys = new AnyKeys(exist, _time.GetUtcNow());
        return exist;
    }

    private async Task<ActiveKey?> LoadAsync(string digest, CancellationToken cancellationToken)
    {
        try
        {
            var found = await _store.FindAsync(digest, cancellationToken);
            var active = found is { } f ? Activate(f.Key, f.Previous) : null;
            _cache.Set(digest, new Entry(active, _time.GetUtcNow()), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Kept });
            return active;
        }
        catch (Exception) when (_cache.TryGetValue(digest, out Entry? stale) && stale is not null)
        {
            // The database is briefly away: keep answering from what we knew, and try again later.
            _cache.Set(digest, new Entry(stale.Key, stale.Fetched), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Kept });
            return stale.Key;
        }
    }

    private ActiveKey Activate(StoredKey key, bool previous) => new(key, previous, new KeyLimits
    {
        RequestsPerMinute = key.RequestsPerMinute,
        TokensPerMinute = key.TokensPerMinute,
        MaxConcurrentRequests = key.MaxConcurrentRequests,
        Models = key.Models,
        Providers = key.Providers,
        Budget = key.Budget,
    }, key.Byok.Keys.ToDictionary(provider => provider, provider => _manager.UpstreamKey(key, provider)!));

    private void Forget(StoredKey key)
    {
        _anyKeys = new AnyKeys(true, _time.GetUtcNow());
        _cache.Remove(key.Digest);
        if (key.PreviousDigest is not null)
        {
            _cache.Remove(key.PreviousDigest);
        }
    }

    public void Dispose()
    {
        _manager.Changed -= Forget;
        _cache.Dispose();
    }
}
