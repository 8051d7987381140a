namespace Godex.Gateway.Security;

/// <summary>The operator's keys (`admin_keys:`, GODEX_ADMIN_KEY): the only keys the admin endpoints accept.</summary>
public sealed class AdminKeys(IReadOnlyList<string> keys)
{
    public const string EnvironmentVariable = "GODEX_ADMIN_KEY";

    private readonly KeyDigests _digests = new(keys);

    public bool Configured => _digests.Count > 0;

    public bool Matches(string presented) => _digests.IndexOf(presented) >= 0;
}
