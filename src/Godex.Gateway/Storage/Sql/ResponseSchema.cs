namespace Godex.Gateway.Storage.Sql;

/// <summary>
/// The stored responses (one row per turn, canonical JSON in text columns) and the tool calls each
/// answer made, so a follow-up carrying only a call's output can find the call. Same SQL on both engines.
/// </summary>
internal static class ResponseSchema
{
    public const string Columns = "id, parent_id, model, created_at, status, finish_reason, error, instructions, input, output, usage, session_key, owner, provider, upstream_id";

    public static readonly Migration[] Migrations =
    [
        new("0101_responses", Tables, Tables),
        new("0102_responses_owner_upstream", OwnerAndUpstream, OwnerAndUpstream),
    ];

    // Who may read a row (a digest of the caller's key), and which stateful upstream holds the turn under which id.
    private const string OwnerAndUpstream = """
        ALTER TABLE responses ADD COLUMN owner TEXT;
        ALTER TABLE responses ADD COLUMN provider TEXT;
        ALTER TABLE responses ADD COLUMN upstream_id TEXT
        """;

    private const string Tables = """
        CREATE TABLE responses (
          id TEXT PRIMARY KEY,
          parent_id TEXT,
          model TEXT NOT NULL,
          created_at BIGINT NOT NULL,
          status TEXT NOT NULL,
          finish_reason TEXT NOT NULL,
          error TEXT,
          instructions TEXT,
          input TEXT NOT NULL,
          output TEXT NOT NULL,
          usage TEXT,
          session_key TEXT
        );
        CREATE INDEX responses_created_at ON responses (created_at);
        CREATE TABLE response_calls (
          call_id TEXT NOT NULL,
          response_id TEXT NOT NULL,
          created_at BIGINT NOT NULL,
          PRIMARY KEY (call_id, response_id)
        );
        CREATE INDEX response_calls_response ON response_calls (response_id)
        """;
}
