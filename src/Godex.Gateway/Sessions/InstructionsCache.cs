using System.Collections.Concurrent;

using Godex.Gateway.Configuration;


namespace Godex.Gateway.Sessions;

/// <summary>
/// The last instructions each session sent, so a follow-up that omits them (a client leaning on
/// previous_response_id, or sending only tool outputs) still reaches a stateless upstream with its
/// system prompt. Entries live for --cache-ttl after their last use; expired ones are swept by
/// <see cref="SessionRetention"/>.
/// </summary>
public sealed class InstructionsCache(ServeOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public void Remember(string sessionKey, string instructions) =>
        _entries[sessionKey] = new Entry(instructions, time.GetUtcNow() + options.CacheTtl);

    public string? Recall(string sessionKey)
    {
        if (!_entries.TryGetValue(sessionKey, out var entry))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (entry.Expires <= now)
        {
            _entries.TryRemove(KeyValuePair.Create(sessionKey, entry));
            return null;
        }

        _entries[sessionKey] = entry with { Expires = now + options.CacheTtl };
        return entry.Instructions;
    }

    public void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private sealed record Entry(string Instructions, DateTimeOffset Expires);
}
