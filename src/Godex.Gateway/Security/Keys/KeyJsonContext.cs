using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Gateway.Security.Keys;

/// <summary>What the admin API and the CLI exchange about keys: a key as shown (never its digest or BYOK values), and a change to make.</summary>
public sealed record KeyView
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public string? Owner { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public bool Enabled { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyList<string> Providers { get; init; } = [];
    public int? Rpm { get; init; }
    public int? Tpm { get; init; }
    public int? MaxConcurrent { get; init; }
    public long? TokenQuota { get; init; }
    public decimal? BudgetUsd { get; init; }
    public string? BudgetWindow { get; init; }
    public IReadOnlyList<string> ByokProviders { get; init; } = [];
    public JsonElement? Metadata { get; init; }
    public DateTimeOffset? UsageResetAt { get; init; }
    public DateTimeOffset? PreviousSecretValidUntil { get; init; }

    /// <summary>Only in the answer that created or rotated the key: it is shown once.</summary>
    public string? Secret { get; init; }

    public static KeyView Of(StoredKey key, DateTimeOffset now, string? secret = null) => new()
    {
        Id = key.Id,
        Label = key.Label,
        Owner = key.Owner,
        Status = key.Status(now),
        CreatedAt = key.Created,
        ExpiresAt = key.Expires,
        Enabled = key.Enabled,
        RevokedAt = key.Revoked,
        Models = key.Models,
        Providers = key.Providers,
        Rpm = key.RequestsPerMinute,
        Tpm = key.TokensPerMinute,
        MaxConcurrent = key.MaxConcurrentRequests,
        TokenQuota = key.TokenQuota,
        BudgetUsd = key.BudgetUsd,
        BudgetWindow = key.BudgetWindow,
        ByokProviders = [.. key.Byok.Keys.Order(StringComparer.Ordinal)],
        Metadata = key.Metadata is null ? null : JsonDocument.Parse(key.Metadata).RootElement.Clone(),
        UsageResetAt = key.UsageResetAt,
        PreviousSecretValidUntil = key.PreviousUntil > now ? key.PreviousUntil : null,
        Secret = secret,
    };
}

/// <summary>
/// A key to create (POST) or the fields to change (PATCH): absent fields are left as they are. A BYOK
/// entry with an empty value removes that provider's key; `0` clears a numeric limit.
/// </summary>
public sealed record KeyChange
{
    public string? Label { get; init; }
    public string? Owner { get; init; }
    public IReadOnlyList<string>? Models { get; init; }
    public IReadOnlyList<string>? Providers { get; init; }
    public int? Rpm { get; init; }
    public int? Tpm { get; init; }
    public int? MaxConcurrent { get; init; }
    public long? TokenQuota { get; init; }
    public decimal? BudgetUsd { get; init; }
    public string? BudgetWindow { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public bool? Enabled { get; init; }
    public IReadOnlyDictionary<string, string>? Byok { get; init; }
    public JsonElement? Metadata { get; init; }
}

/// <summary>`POST /admin/api/keys/{id}/rotate`: how long the old secret keeps working.</summary>
public sealed record KeyRotation
{
    /// <summary>A duration (`24h`, `30m`, `0` for none); absent means <see cref="KeyManager.DefaultGrace"/>.</summary>
    public string? Grace { get; init; }
}

public sealed record KeyList(IReadOnlyList<KeyView> Data);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(KeyList))]
[JsonSerializable(typeof(KeyChange))]
[JsonSerializable(typeof(KeyRotation))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class KeyJsonContext : JsonSerializerContext;
