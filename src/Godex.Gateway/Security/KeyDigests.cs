using System.Security.Cryptography;
using System.Text;

namespace Godex.Gateway.Security;

/// <summary>
/// A list of keys kept as SHA-256 digests and matched in fixed time against every one (no early exit),
/// so neither a key's content, its length nor which one matched leaks through timing.
/// </summary>
public sealed class KeyDigests(IReadOnlyList<string> keys)
{
    private readonly byte[][] _digests = [.. keys.Select(key => SHA256.HashData(Encoding.UTF8.GetBytes(key)))];

    public int Count => _digests.Length;

    /// <summary>The index of the matching key, or -1.</summary>
    public int IndexOf(string presented)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        var found = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i]) && found < 0)
            {
                found = i;
            }
        }

        return found;
    }

    public ReadOnlySpan<byte> Digest(int index) => _digests[index];
}
