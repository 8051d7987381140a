using System.Security.Cryptography;
using System.Text;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Security;

/// <summary>
/// Checks the key a client presents against the configured keys. Keys are kept as SHA-256 digests and
/// compared with a fixed-time comparison, so neither content nor length leaks through timing.
/// </summary>
public sealed class ClientKeys
{
    private readonly byte[][] _digests;
    private readonly KeyLimits[] _limits;

    /// <param name="limits">The limits the config file gives some keys (`keys: [{ key: ..., rpm: 100 }]`), by key.</param>
    public ClientKeys(IReadOnlyList<string> keys, bool allowAnyKey, IReadOnlyDictionary<string, Configuration.StaticKeyLimits>? limits = null)
    {
        _digests = [.. keys.Select(key => SHA256.HashData(Encoding.UTF8.GetBytes(key)))];
        _limits = [.. keys.Select(key => limits?.GetValueOrDefault(key) is { } own ? KeyLimits.From(own) : KeyLimits.None)];
        AllowAnyKey = allowAnyKey;
    }

    public bool AllowAnyKey { get; }

    /// <summary>No key configured and any-key mode off: only loopback callers are let in.</summary>
    public bool LoopbackOnly => _digests.Length == 0 && !AllowAnyKey;

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
    public int Match(string presented)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        var found = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            // Compare against every key (no early exit) so timing does not reveal which matched.
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i]) && found < 0)
            {
                found = i;
            }
        }

        return found;
    }

    /// <summary>What the key at <paramref name="index"/> may do (its own limits; `limits.per_key` fills the rest at admission).</summary>
    public KeyLimits Limits(int index) => _limits[index];

    /// <summary>
    /// Who owns what a caller stores (stored responses): part of the key's digest, so state follows the
    /// key itself rather than its place in the list, and the key cannot be recovered from it.
    /// </summary>
    public string Owner(int index) => "key:" + Convert.ToHexStringLower(_digests[index].AsSpan(0, 12));
}
