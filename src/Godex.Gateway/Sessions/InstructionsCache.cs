using Godex.Gateway.Configuration;

namespace Godex.Gateway.Sessions;

/// <summary>
/// The last instructions each session sent, so a follow-up that omits them (a client leaning on
/// previous_response_id, or sending only tool outputs) still reaches a stateless upstream with its
/// system prompt. Sessions are the client's to name (`user`, x-openclaw-session-key), so the cache is
/// bounded by bytes: `sessions.instructions_cache_bytes` in all, and `sessions.instructions_cache_bytes_per_key`
/// for the sessions of one client key, least recently used first out; entries also expire --cache-ttl
/// after their last use (swept by <see cref="SessionRetention"/>). A session is its key's own: another
/// key naming the same `user` neither sees nor replaces it.
/// </summary>
/// <remarks>
/// One lock over a dictionary and two intrusive recency lists (all entries, and each key's), so every
/// operation is O(1). Every use sets an entry's expiry to now + TTL, so the least recently used entry is
/// also the first to expire and the sweep only looks at the oldest end.
/// </remarks>
public sealed class InstructionsCache
{
    /// <summary>What an entry holds besides its two strings' characters: the entry, its dictionary slot and the string headers.</summary>
    public const int EntryOverhead = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Owner, string Session), Entry> _entries = [];
    private readonly Dictionary<string, OwnerEntries> _owners = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly long _capacity;
    private readonly long _capacityPerKey;
    private readonly Recency _all = new(global: true);
    private long _bytes;
    private int _count;
    private long _evictedForCapacity;
    private long _evictedForKeyCapacity;
    private long _expired;
    private long _tooLarge;

    public InstructionsCache(ServeOptions options, TimeProvider time)
    {
        _time = time;
        _ttl = options.CacheTtl;
        _capacity = options.Config.Sessions.InstructionsCacheBytes;
        _capacityPerKey = Math.Min(options.Config.Sessions.InstructionsCacheBytesPerKey, _capacity);
    }

    /// <summary>Entries held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Bytes held now, as counted against the bounds (two per character plus <see cref="EntryOverhead"/> an entry).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Entries dropped, since start, to keep all entries within `instructions_cache_bytes`.</summary>
    public long EvictedForCapacity => Volatile.Read(ref _evictedForCapacity);

    /// <summary>Entries dropped, since start, to keep one key's entries within `instructions_cache_bytes_per_key`.</summary>
    public long EvictedForKeyCapacity => Volatile.Read(ref _evictedForKeyCapacity);

    /// <summary>Entries dropped, since start, because their TTL passed.</summary>
    public long Expired => Volatile.Read(ref _expired);

    /// <summary>Instructions not kept, since start, because one entry alone would exceed a bound.</summary>
    public long TooLarge => Volatile.Read(ref _tooLarge);

    /// <summary>What one entry of these strings counts against the bounds.</summary>
    public static long Cost(string sessionKey, string instructions) => EntryOverhead + (2L * (sessionKey.Length + instructions.Length));

    /// <param name="owner">The client key's state owner (see GatewayContext.StateOwner); null when callers are not told apart, which only the total bounds.</param>
    public void Remember(string? owner, string sessionKey, string instructions)
    {
        var key = (owner ?? "", sessionKey);
        var cost = Cost(sessionKey, instructions);

        // The usual turn sends the same prompt again: the copy already held stays. The texts are
        // compared outside the lock (they may be large), and the entry is refreshed if still the same.
        Entry? held;
        lock (_gate)
        {
            _entries.TryGetValue(key, out held);
        }

        var same = held is not null && string.Equals(held.Instructions, instructions, StringComparison.Ordinal);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(key, out var existing))
            {
                if (same && ReferenceEquals(existing, held))
                {
                    Touch(existing, now);
                    return;
                }

                Remove(existing);
            }

            if (cost > (owner is null ? _capacity : _capacityPerKey))
            {
                // Not kept, and the session's older instructions are gone: a follow-up must not get stale ones.
                _tooLarge++;
                return;
            }

            // Room first, so the bytes held never pass a bound even for a moment.
            if (owner is not null && _owners.TryGetValue(key.Item1, out var own))
            {
                while (own.Bytes + cost > _capacityPerKey)
                {
                    Remove(own.List.Oldest!);
                    _evictedForKeyCapacity++;
                }
            }

            while (_bytes + cost > _capacity)
            {
                Remove(_all.Oldest!);
                _evictedForCapacity++;
            }

            var entries = Owner(key.Item1);
            var entry = new Entry(key, instructions, cost, now + _ttl, entries);
            _entries.Add(key, entry);
            _all.AddNewest(entry);
            entries.List.AddNewest(entry);
            entries.Bytes += cost;
            _count++;
            Volatile.Write(ref _bytes, _bytes + cost);
        }
    }

    public string? Recall(string? owner, string sessionKey)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((owner ?? "", sessionKey), out var entry))
            {
                return null;
            }

            var now = _time.GetUtcNow();
            if (entry.Expires <= now)
            {
                Remove(entry);
                _expired++;
                return null;
            }

            Touch(entry, now);
            return entry.Instructions;
        }
    }

    /// <summary>Drops the entries whose TTL has passed: they are all at the least recently used end.</summary>
    public void Sweep()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_all.Oldest is { } oldest && oldest.Expires <= now)
            {
                Remove(oldest);
                _expired++;
            }
        }
    }

    private void Touch(Entry entry, DateTimeOffset now)
    {
        entry.Expires = now + _ttl;
        _all.MoveToNewest(entry);
        entry.Owner.List.MoveToNewest(entry);
    }

    private OwnerEntries Owner(string owner)
    {
        if (!_owners.TryGetValue(owner, out var entries))
        {
            entries = new OwnerEntries();
            _owners.Add(owner, entries);
        }

        return entries;
    }

    private void Remove(Entry entry)
    {
        _entries.Remove(entry.Key);
        _all.Unlink(entry);
        entry.Owner.List.Unlink(entry);
        entry.Owner.Bytes -= entry.Bytes;
        if (entry.Owner.List.Oldest is null)
        {
            _owners.Remove(entry.Key.Owner);
        }

        _count--;
        Volatile.Write(ref _bytes, _bytes - entry.Bytes);
    }

    private sealed class Entry((string Owner, string Session) key, string instructions, long bytes, DateTimeOffset expires, OwnerEntries owner)
    {
        public (string Owner, string Session) Key { get; } = key;
        public string Instructions { get; } = instructions;
        public long Bytes { get; } = bytes;
        public OwnerEntries Owner { get; } = owner;
        public DateTimeOffset Expires { get; set; } = expires;

        // Links in the list of all entries, and in the owner's list.
        public Entry? Newer;
        public Entry? Older;
        public Entry? OwnerNewer;
        public Entry? OwnerOlder;
    }

    private sealed class OwnerEntries
    {
        public Recency List { get; } = new(global: false);
        public long Bytes { get; set; }
    }

    /// <summary>A doubly linked list through entries' own links (the global pair or the owner's pair): no node allocations.</summary>
    private sealed class Recency(bool global)
    {
        public Entry? Newest { get; private set; }
        public Entry? Oldest { get; private set; }

        public void AddNewest(Entry entry)
        {
            SetOlder(entry, Newest);
            SetNewer(entry, null);
            if (Newest is { } newest)
            {
                SetNewer(newest, entry);
            }

            Newest = entry;
            Oldest ??= entry;
        }

        public void MoveToNewest(Entry entry)
        {
            if (!ReferenceEquals(Newest, entry))
            {
                Unlink(entry);
                AddNewest(entry);
            }
        }

        public void Unlink(Entry entry)
        {
            var newer = NewerOf(entry);
            var older = OlderOf(entry);
            if (newer is null)
            {
                Newest = older;
            }
            else
            {
                SetOlder(newer, older);
            }

            if (older is null)
            {
                Oldest = newer;
            }
            else
            {
                SetNewer(older, newer);
            }

            SetNewer(entry, null);
            SetOlder(entry, null);
        }

        private Entry? NewerOf(Entry entry) => global ? entry.Newer : entry.OwnerNewer;

        private Entry? OlderOf(Entry entry) => global ? entry.Older : entry.OwnerOlder;

        private void SetNewer(Entry entry, Entry? value)
        {
            if (global)
            {
                entry.Newer = value;
            }
            else
            {
                entry.OwnerNewer = value;
            }
        }

        private void SetOlder(Entry entry, Entry? value)
        {
            if (global)
            {
                entry.Older = value;
            }
            else
            {
                entry.OwnerOlder = value;
            }
        }
    }
}
