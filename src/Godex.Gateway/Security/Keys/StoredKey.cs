namespace Godex.Gateway.Security.Keys;

/// <summary>
/// One key of the key store, as stored: never the secret itself, only its digest (and the previous
/// secret's digest while a rotation's grace period runs). BYOK keys are sealed (<see cref="KeySecret.Seal"/>).
/// </summary>
public sealed record StoredKey
{
    /// <summary>The display id, `gxk_` + 6 base62 characters; also the start of every secret of this key.</summary>
    public required string Id { get; init; }

    public required string Digest { get; init; }

    public string? PreviousDigest { get; init; }

    /// <summary>Until when the previous secret still works after a rotation.</summary>
    public DateTimeOffset? PreviousUntil { get; init; }

    public required string Label { get; init; }

    public string? Owner { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public bool Enabled { get; init; } = true;

    public DateTimeOffset? Revoked { get; init; }

    /// <summary>Model globs (`gpt-*`); empty means every model.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Provider globs; empty means every provider.</summary>
    public IReadOnlyList<string> Providers { get; init; } = [];

    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    public int? MaxConcurrentRequests { get; init; }

    /// <summary>Tokens allowed per <see cref="BudgetWindow"/>.</summary>
    public long? TokenQuota { get; init; }

    /// <summary>US dollars allowed per <see cref="BudgetWindow"/>.</summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>`1h`, `1d`, `30d` or `month` (see <see cref="BudgetWindows"/>).</summary>
    public string? BudgetWindow { get; init; }

    /// <summary>Provider name → sealed upstream key.</summary>
    public IReadOnlyDictionary<string, string> Byok { get; init; } = new Dictionary<string, string>();

    /// <summary>Free-form JSON object, as text.</summary>
    public string? Metadata { get; init; }

    /// <summary>Quota and budget accounting counts usage from here (`godex usage reset`).</summary>
    public DateTimeOffset? UsageResetAt { get; init; }

    /// <summary>The quota and budget as admission counts them (30-day windows from the key's creation), or null without either.</summary>
    public Budgets.BudgetRule? Budget => TokenQuota is null && BudgetUsd is null ? null : new Budgets.BudgetRule
    {
        TokenQuota = TokenQuota,
        BudgetUsd = BudgetUsd,
        Window = BudgetWindow ?? "30d",
        Anchor = Created,
        CountsFrom = UsageResetAt,
    };

    /// <summary>Why the key cannot be used now, or null when it can.</summary>
    public string? Refusal(DateTimeOffset now, bool previousSecret) =>
        Revoked is not null ? "revoked"
        : !Enabled ? "disabled"
        : Expires is { } expires && expires <= now ? "expired"
        : previousSecret && !(PreviousUntil > now) ? "rotated"
        : null;

    public string Status(DateTimeOffset now) => Refusal(now, previousSecret: false) ?? "active";

    /// <summary>Who owns what requests made with this key store: the id, so rotation keeps it.</summary>
    public string StateOwner => "stored:" + Id;
}

/// <summary>The windows quotas and budgets are counted in.</summary>
public static class BudgetWindows
{
    public static readonly string[] All = ["1h", "1d", "30d", "month"];

    public static bool IsValid(string window) => All.Contains(window, StringComparer.Ordinal);
}
