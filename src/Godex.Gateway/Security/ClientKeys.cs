using Microsoft.AspNetCore.Http;

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

    /// <summary>No key configured and any-key mode off: only loopback callers are let in.</summary>
    public bool LoopbackOnly => _digests.Count == 0 && !AllowAnyKey;

    /// <summary>The key from `Authorization: Bearer`, `x-api-key`, `x-goog-api-key` or `?key=`, in that order.</summary>
    public static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer)
        {
            return bearer;
        }

        if (request.Headers["x-api-key"].ToString() is { Length: > 0 } apiKey)
        {
            return apiKey;
        }

        if (request.Headers["x-goog-api-key"].ToString() is { Length: > 0 } googKey)
        {
            return googKey;
        }

        return request.Query["key"].ToString() is { Length: > 0 } queryKey ? queryKey : null;
    }

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
