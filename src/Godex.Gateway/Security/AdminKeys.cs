using System.Security.Cryptography;
using System.Text;

namespace Godex.Gateway.Security;

/// <summary>
/// The operator's keys (`admin_keys:`, GODEX_ADMIN_KEY): the only keys the admin endpoints accept.
/// Kept as SHA-256 digests and compared in fixed time, like <see cref="ClientKeys"/>.
/// </summary>
public sealed class AdminKeys(IReadOnlyList<string> keys)
{
    public const string EnvironmentVariable = "GODEX_ADMIN_KEY";

    private readonly byte[][] _digests = [.. keys.Select(key => SHA256.HashData(Encoding.UTF8.GetBytes(key)))];

    public bool Configured => _digests.Length > 0;

    public bool Matches(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var found = false;
        foreach (var known in _digests)
        {
            found |= CryptographicOperations.FixedTimeEquals(digest, known);
        }

        return found;
    }
}
