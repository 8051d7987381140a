namespace Godex.Gateway.Storage.Sql;

/// <summary>The traces and trace_attempts tables, per dialect. Columns and their order are shared by both; only types differ.</summary>
internal static class TraceSchema
{
    public const string Columns = "id, started_at, day, client_protocol, caller_key_id, requested_model, resolved_model, provider, stream, status, outcome, error_code, latency_ms, ttft_ms, upstream_ms, overhead_ms, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, usage_estimated, cost_usd, degradations, stream_events, request_payload, member, attempts";

    private const string Body = """
          id TEXT NOT NULL UNIQUE,
          started_at BIGINT NOT NULL,
          day TEXT NOT NULL,
          client_protocol TEXT NOT NULL,
          caller_key_id TEXT,
          requested_model TEXT,
          resolved_model TEXT,
          provider TEXT,
          stream INTEGER NOT NULL,
          status INTEGER NOT NULL,
          outcome TEXT NOT NULL,
          error_code TEXT,
          latency_ms DOUBLE PRECISION NOT NULL,
          ttft_ms DOUBLE PRECISION,
          upstream_ms DOUBLE PRECISION,
          overhead_ms DOUBLE PRECISION,
          input_tokens BIGINT NOT NULL,
          output_tokens BIGINT NOT NULL,
          cached_input_tokens BIGINT NOT NULL,
          cache_write_tokens BIGINT NOT NULL,
          reasoning_tokens BIGINT NOT NULL,
          usage_estimated INTEGER NOT NULL,
          cost_usd DOUBLE PRECISION,
          degradations TEXT NOT NULL,
          stream_events INTEGER NOT NULL,
          request_payload TEXT
        );
        CREATE INDEX traces_started_at ON traces (started_at);
        CREATE INDEX traces_day ON traces (day)
        """;

    public static readonly Migration[] Migrations =
    [
        new("0001_traces",
            "CREATE TABLE traces (seq INTEGER PRIMARY KEY AUTOINCREMENT, " + Body,
            "CREATE TABLE traces (seq BIGSERIAL PRIMARY KEY, " + Body),

        // No query filters on day; it only let GROUP BY day skip a sort, and with a since filter the
        // planner preferred it to the started_at range. Every insert paid for it.
        new("0002_traces_drop_day_index", DropDayIndex, DropDayIndex),

        // Which member answered and how many candidates were tried (NULL: stored before they were
        // counted); each attempt of a request that tried several, keyed by its trace and position.
        new("0003_trace_attempts", AddAttempts + ") WITHOUT ROWID", AddAttempts + ")"),
    ];

    public const string AttemptColumns = "trace_id, attempt, provider, member, model, reason, outcome, start_ms, duration_ms, backoff_ms, status, error_code, error_message";

    private const string AddAttempts = """
        ALTER TABLE traces ADD COLUMN member TEXT;
        ALTER TABLE traces ADD COLUMN attempts INTEGER;
        CREATE TABLE trace_attempts (
          trace_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          provider TEXT NOT NULL,
          member TEXT,
          model TEXT NOT NULL,
          reason TEXT NOT NULL,
          outcome TEXT NOT NULL,
          start_ms DOUBLE PRECISION,
          duration_ms DOUBLE PRECISION,
          backoff_ms DOUBLE PRECISION,
          status INTEGER,
          error_code TEXT,
          error_message TEXT,
          PRIMARY KEY (trace_id, attempt)
        """;

    private const string DropDayIndex = "DROP INDEX IF EXISTS traces_day";
}
