using System.Security.Cryptography;
using System.Text.Json;

using Godex.Gateway.Routing;

namespace Godex.Gateway.Security.Keys;

/// <summary>A change to the key store that cannot be made (unknown key, bad value); the CLI prints it, the admin API answers 400/404.</summary>
public sealed class KeyStoreException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>
/// Creates, changes, revokes and rotates stored keys: what `godex keys` does against the store and
/// what the admin API does for `godex keys --gateway`, so both behave the same.
/// </summary>
public sealed class KeyManager(SqlKeyStore store, KeySecret secret, TimeProvider time)
{
    /// <summary>How long a rotated key's old secret keeps working unless `--grace` says otherwise.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(24);

    /// <summary>A rotation's grace: null means <see cref="DefaultGrace"/>, `0` none, else a duration (`24h`, `30m`).</summary>
    public static bool TryParseGrace(string? text, out TimeSpan grace)
    {
        grace = DefaultGrace;
        if (text is null)
        {
            return true;
        }

        if (text.Trim() == "0")
        {
            grace = TimeSpan.Zero;
            return true;
        }

        return Common.Durations.TryParse(text, out grace);
    }

    /// <summary>Raised after every change, so a server's lookup cache forgets the key at once.</summary>
    public event Action<StoredKey>? Changed;

    public Task<IReadOnlyList<StoredKey>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task<StoredKey> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) ?? throw new KeyStoreException(404, "keys.not_found", $"No key {id}.");

    public async Task<(StoredKey Key, string Secret)> CreateAsync(KeyChange change, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(change.Label))
        {
            throw new KeyStoreException(400, "keys.invalid", "A key needs a label (--label).");
        }

        var id = "gxk_" + Base62.Encode(RandomNumberGenerator.GetBytes(5)).PadLeft(6, '0')[^6..];
        var plain = NewSecret(id);
        var key = Apply(new StoredKey { Id = id, Digest = secret.Digest(plain), Label = change.Label, Created = time.GetUtcNow() }, change);
        await store.SaveAsync(key, cancellationToken);
        return (key, plain);
    }

    public async Task<StoredKey> UpdateAsync(string id, KeyChange change, CancellationToken cancellationToken) =>
        await SaveAsync(Apply(await GetAsync(id, cancellationToken), change), cancellationToken);

    public async Task<StoredKey> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var key = await GetAsync(id, cancellationToken);
        return key.Revoked is not null ? key : await SaveAsync(key with { Revoked = time.GetUtcNow(), PreviousDigest = null, PreviousUntil = null }, cancellationToken);
    }

    /// <summary>A new secret; the current one keeps working for <paramref name="grace"/> (a secret older than that is dropped).</summary>
    public async Task<(StoredKey Key, string Secret)> RotateAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        var key = await GetAsync(id, cancellationToken);
        if (key.Revoked is not null)
        {
            throw new KeyStoreException(400, "keys.revoked", $"Key {id} is revoked; create a new one.");
        }

        var plain = NewSecret(id);
        var rotated = key with
        {
            Digest = secret.Digest(plain),
            PreviousDigest = grace > TimeSpan.Zero ? key.Digest : null,
            PreviousUntil = grace > TimeSpan.Zero ? time.GetUtcNow() + grace : null,
        };
        return (await SaveAsync(rotated, cancellationToken), plain);
    }

    /// <summary>Quota and budget windows count from now (`godex usage reset`).</summary>
    public async Task<StoredKey> ResetUsageAsync(string id, CancellationToken cancellationToken) =>
        await SaveAsync(await GetAsync(id, cancellationToken) with { UsageResetAt = time.GetUtcNow() }, cancellationToken);

    /// <summary>The key's upstream key for <paramref name="provider"/>, unsealed, or null.</summary>
    public string? UpstreamKey(StoredKey key, string provider) =>
        key.Byok.TryGetValue(provider, out var sealedKey) ? secret.Open(sealedKey, SealContext(key.Id, provider)) : null;

    private async Task<StoredKey> SaveAsync(StoredKey key, CancellationToken cancellationToken)
    {
        await store.SaveAsync(key, cancellationToken);
        Changed?.Invoke(key);
        return key;
    }

    // The id and 32 random bytes: the id makes a leaked secret easy to trace to its key.
    private static string NewSecret(string id) => id + "_" + Base62.Encode(RandomNumberGenerator.GetBytes(32));

    private static string SealContext(string id, string provider) => $"{id}/{provider}";

    private StoredKey Apply(StoredKey key, KeyChange change)
    {
        static int? Limit(int? value, int? current, string name) => value switch
        {
            null => current,
            0 => null,
            < 0 => throw new KeyStoreException(400, "keys.invalid", $"{name} must be a positive number (0 clears it)."),
            _ => value,
        };

        if (change.BudgetWindow is { } window && !BudgetWindows.IsValid(window))
        {
            throw new KeyStoreException(400, "keys.invalid", $"window '{window}' is not one of {string.Join(", ", BudgetWindows.All)}.");
        }

        if (change.BudgetUsd < 0 || change.TokenQuota < 0)
        {
            throw new KeyStoreException(400, "keys.invalid", "budget_usd and token_quota must not be negative (0 clears them).");
        }

        if (change.Metadata is { } metadata && metadata.ValueKind != JsonValueKind.Object)
        {
            throw new KeyStoreException(400, "keys.invalid", "metadata must be a JSON object.");
        }

        var byok = new Dictionary<string, string>(key.Byok);
        foreach (var (provider, upstreamKey) in change.Byok ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(upstreamKey))
            {
                byok.Remove(provider);
            }
            else
            {
                byok[provider] = secret.Seal(upstreamKey, SealContext(key.Id, provider));
            }
        }

        var budget = change.BudgetUsd ?? key.BudgetUsd;
        var quota = change.TokenQuota ?? key.TokenQuota;
        return key with
        {
            Label = string.IsNullOrWhiteSpace(change.Label) ? key.Label : change.Label,
            Owner = change.Owner ?? key.Owner,
            Models = change.Models is { } models ? Globs(models) : key.Models,
            Providers = change.Providers is { } providers ? Globs(providers) : key.Providers,
            RequestsPerMinute = Limit(change.Rpm, key.RequestsPerMinute, "rpm"),
            TokensPerMinute = Limit(change.Tpm, key.TokensPerMinute, "tpm"),
            MaxConcurrentRequests = Limit(change.MaxConcurrent, key.MaxConcurrentRequests, "concurrency"),
            TokenQuota = quota == 0 ? null : quota,
            BudgetUsd = budget == 0 ? null : budget,
            BudgetWindow = change.BudgetWindow ?? key.BudgetWindow ?? ((budget ?? quota) is > 0 ? "30d" : null),
            Expires = change.ExpiresAt ?? key.Expires,
            Enabled = change.Enabled ?? key.Enabled,
            Byok = byok,
            Metadata = change.Metadata is { } json ? json.GetRawText() : key.Metadata,
        };
    }

    private static List<string> Globs(IReadOnlyList<string> globs) =>
        [.. globs.SelectMany(glob => glob.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>Whether <paramref name="name"/> is allowed by <paramref name="globs"/> (empty allows all; `*` matches any run, else exact).</summary>
    public static bool Allows(IReadOnlyList<string> globs, string name) =>
        globs.Count == 0 || globs.Any(glob => glob.Contains('*', StringComparison.Ordinal) ? ModelPattern.Matches(glob, name) : glob == name);
}
