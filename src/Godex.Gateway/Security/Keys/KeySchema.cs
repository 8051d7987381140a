using Godex.Gateway.Storage.Sql;

namespace Godex.Gateway.Security.Keys;

/// <summary>The key store's table: one row per key; list columns and metadata as JSON text, times as Unix milliseconds.</summary>
internal static class KeySchema
{
    public const string Columns = "id, digest, previous_digest, previous_until, label, owner, created_at, expires_at, enabled, revoked_at, models, providers, rpm, tpm, max_concurrent, token_quota, budget_usd, budget_window, byok, metadata, usage_reset_at";

    public static readonly Migration[] Migrations =
    [
        new("0201_client_keys", Table("REAL"), Table("DOUBLE PRECISION")),
    ];

    private static string Table(string real) => $"""
        CREATE TABLE client_keys (
          id TEXT PRIMARY KEY,
          digest TEXT NOT NULL UNIQUE,
          previous_digest TEXT,
          previous_until BIGINT,
          label TEXT NOT NULL,
          owner TEXT,
          created_at BIGINT NOT NULL,
          expires_at BIGINT,
          enabled INTEGER NOT NULL,
          revoked_at BIGINT,
          models TEXT NOT NULL,
          providers TEXT NOT NULL,
          rpm INTEGER,
          tpm INTEGER,
          max_concurrent INTEGER,
          token_quota BIGINT,
          budget_usd {real},
          budget_window TEXT,
          byok TEXT NOT NULL,
          metadata TEXT,
          usage_reset_at BIGINT
        );
        CREATE INDEX client_keys_previous_digest ON client_keys (previous_digest)
        """;
}
