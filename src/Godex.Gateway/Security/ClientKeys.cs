namespace Godex.Gateway.Security;

/// <summary>
/// Checks the key a client presents against the configured keys (as <see cref="KeyDigests"/>, so
/// nothing leaks through timing), and what each key may do.
/// </summary>
public sealed class ClientKeys
{
    private readonly KeyDigests _digests;
    private readonly KeyLimits[] _limits;

    /// <param name="limits">The limits the config file gives some keys (`keys: [{ key: ..., rpm: 100 }]`), by key.</param>
    public ClientKeys(IReadOnlyList<string> keys, bool allowAnyKey, IReadOnlyDictionary<string, Configuration.StaticKeyLimits>? limits = null)
    {
        _digests = new KeyDigests(keys);
        _limits = [.. keys.Select(key => limits?.GetValueOrDefault(key) is { } own ? KeyLimits.From(own) : KeyLimits.None)];
        AllowAnyKey = allowAnyKey;
    }

    public bool AllowAnyKey { get; }

    /// <summary>No key in the config and any-key mode off: only loopback callers are let in, unless the key store has keys.</summary>
    public bool LoopbackOnly => _digests.Count == 0 && !AllowAnyKey;

    /// <summary>The index of the matching key (a stable caller id for logs), or -1.</summary>
    public int Match(string presented) => _digests.IndexOf(presented);

    /// <summary>What the key at <paramref name="index"/> may do (its own limits; `limits.per_key` fills the rest at admission).</summary>
    public KeyLimits Limits(int index) => _limits[index];

    /// <summary>
    /// Who owns what a caller stores (stored responses): part of the key's digest, so state follows the
    /// key itself rather than its place in the list, and the key cannot be recovered from it.
    /// </summary>
    public string Owner(int index) => "key:" + Convert.ToHexStringLower(_digests.Digest(index)[..12]);
}
