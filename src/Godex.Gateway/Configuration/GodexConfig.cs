namespace Godex.Gateway.Configuration;

/// <summary>The contents of godex.yaml after ${ENV} interpolation. Every setting is optional.</summary>
public sealed record GodexConfig
{
    public string? Listen { get; init; }

    /// <summary>Client keys; entries whose variable is unset are dropped with a warning.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The limits a `keys:` entry written as a mapping carries, by the key itself (never printed).</summary>
    public IReadOnlyDictionary<string, StaticKeyLimits> KeyLimits { get; init; } = new Dictionary<string, StaticKeyLimits>();

    /// <summary>`admin_keys:`: the keys the admin endpoints accept (never client keys unless also under `keys`).</summary>
    public IReadOnlyList<string> AdminKeys { get; init; } = [];

    public bool? AllowAnyKey { get; init; }
    public string? DefaultModel { get; init; }
    public string? LogLevel { get; init; }
    public bool? LogRequests { get; init; }
    public LimitsConfig Limits { get; init; } = new();

    /// <summary>`cors:`: null (the default) sends no CORS headers at all.</summary>
    public CorsConfig? Cors { get; init; }

    /// <summary>`tls:`: null (the default) serves plain HTTP.</summary>
    public TlsConfig? Tls { get; init; }

    public IReadOnlyDictionary<string, ProviderConfig> Providers { get; init; } = new Dictionary<string, ProviderConfig>();
    public RoutingConfig Routing { get; init; } = new();

    /// <summary>How the model lists (GET /v1/models, /v1beta/models, Codex's catalogue) are built.</summary>
    public ModelsConfig Models { get; init; } = new();

    public StorageConfig Storage { get; init; } = new();
    public TraceConfig Trace { get; init; } = new();
    public SessionsConfig Sessions { get; init; } = new();

    /// <summary>Price overrides by `provider/model` or `model`, in USD per million tokens.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new Dictionary<string, ModelPrice>();

    /// <summary>`text` (default) or `json` (one JSON object per log line).</summary>
    public string? LogFormat { get; init; }

    /// <summary>OTLP endpoint for spans and metrics (e.g. http://127.0.0.1:4317); off when unset.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>On SIGTERM, how long open requests and streams may take to finish before they are cut (traces are flushed either way).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = DefaultShutdownTimeout;

    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Reload the config file when it changes (SIGHUP reloads it either way).</summary>
    public bool WatchConfig { get; init; } = true;

    /// <summary>Where the configuration came from (a path, or "embedded defaults").</summary>
    public string Source { get; init; } = "embedded defaults";

    /// <summary>Things worth telling the operator at start-up (unset variables, dropped keys).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record LimitsConfig
{
    public const long DefaultMaxBodyBytes = 32L * 1024 * 1024;

    /// <summary>System.Text.Json's own default, and the most the readers are built for.</summary>
    public const int DefaultMaxJsonDepth = 64;

    public const int DefaultMaxTools = 512;

    /// <summary>Generous: a long agent session resends every earlier turn.</summary>
    public const int DefaultMaxMessages = 10_000;

    /// <summary>Kestrel's defaults (32 KiB of headers, 100 of them).</summary>
    public const long DefaultMaxHeaderBytes = 32 * 1024;

    public const int DefaultMaxHeaders = 100;

    /// <summary>The most a body may hold, as sent and (when compressed) as inflated.</summary>
    public long? MaxBodyBytes { get; init; }

    public int? MaxJsonDepth { get; init; }
    public int? MaxTools { get; init; }

    /// <summary>Messages, input items or contents of one request, as read (before a stored conversation is added).</summary>
    public int? MaxMessages { get; init; }

    public long? MaxHeaderBytes { get; init; }
    public int? MaxHeaders { get; init; }

    /// <summary>`limits.per_key`: what a key that sets none of its own may do.</summary>
    public RateLimitConfig PerKey { get; init; } = RateLimitConfig.None;

    /// <summary>`limits.models`: per model pattern, across every key, in the file's order (the first match applies).</summary>
    public IReadOnlyList<ModelLimitConfig> Models { get; init; } = [];

    /// <summary>`limits.per_key`'s `token_quota`, `budget_usd` and `window`: the budget of a key that sets none of its own.</summary>
    public Security.Budgets.BudgetRule? PerKeyBudget { get; init; }

    /// <summary>`limits.budget_status`: 429 (default) or 402 for a request refused by a budget.</summary>
    public int BudgetStatus { get; init; } = 429;

    /// <summary>`limits.session_budget_usd`: what one agent session may spend.</summary>
    public decimal? SessionBudgetUsd { get; init; }

    /// <summary>`limits.max_repeated_tool_calls`: the same tool call with the same arguments this many times in a row ends the loop.</summary>
    public int? MaxRepeatedToolCalls { get; init; }
}

/// <summary>Requests and tokens per minute and requests at once; null: no such limit.</summary>
public sealed record RateLimitConfig
{
    public static readonly RateLimitConfig None = new();

    public int? Rpm { get; init; }
    public int? Tpm { get; init; }
    public int? MaxConcurrent { get; init; }

    public bool IsEmpty => Rpm is null && Tpm is null && MaxConcurrent is null;
}

/// <summary>One `limits.models` entry: a model pattern (as routing's: `*` globs, else a prefix) and its limits.</summary>
public sealed record ModelLimitConfig(string Pattern, RateLimitConfig Limits);

/// <summary>A static key's own limits and model scope (`keys: [{ key: ..., rpm: 100, models: [gpt-*] }]`).</summary>
public sealed record StaticKeyLimits(RateLimitConfig Limits, IReadOnlyList<string> Models)
{
    /// <summary>The key's own token quota and money budget (`token_quota`, `budget_usd`, `window`).</summary>
    public Security.Budgets.BudgetRule? Budget { get; init; }
}

public sealed record ProviderConfig
{
    public string Name { get; init; } = "";
    public string Type { get; init; } = "";
    public string? BaseUrl { get; init; }
    public string? ApiKey { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public double? TimeoutSeconds { get; init; }

    /// <summary>The most an answer's body may inflate to (after gzip/brotli), stream or not; default <see cref="Providers.UpstreamLimits.DefaultMaxResponseBytes"/>.</summary>
    public long? MaxResponseBytes { get; init; }

    /// <summary>The most one SSE event (so one line) of a stream may hold; default <see cref="Providers.UpstreamLimits.DefaultMaxEventBytes"/>.</summary>
    public long? MaxEventBytes { get; init; }

    /// <summary>Set when the provider cannot be used (e.g. its key variable is unset); it is then skipped, not fatal.</summary>
    public string? SkipReason { get; init; }

    /// <summary>A subscription provider's token file (default: where its CLI keeps it).</summary>
    public string? AuthPath { get; init; }

    /// <summary>A subscription provider's token endpoint (default: the CLI's own); tests point it at a local fake.</summary>
    public string? TokenUrl { get; init; }

    /// <summary>Whether Godex may refresh a subscription login itself (default per provider: Codex no, Claude Code yes).</summary>
    public bool? AllowRefresh { get; init; }

    /// <summary>Chat-family request shaping; later filled from provider specs.</summary>
    public string? MaxTokensField { get; init; }
    public bool? DeveloperRole { get; init; }
    public string? ReasoningReplayField { get; init; }

    /// <summary>
    /// The upstream keeps Responses state itself (OpenAI's store): a turn continuing one it answered is
    /// sent with its own previous_response_id and only the new input, instead of the whole conversation.
    /// </summary>
    public bool Stateful { get; init; }

    /// <summary>Local process providers (claude-code-cli): the executable, extra arguments, extra environment, and how many run at once.</summary>
    public string? Command { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public int? MaxConcurrency { get; init; }

    /// <summary>Ask the upstream for its model list and merge it into GET /v1/models (default on; off for servers without one).</summary>
    public bool DiscoverModels { get; init; } = true;

    /// <summary>Code Assist: the Google Cloud project to work in; when unset it is discovered (loadCodeAssist, onboardUser).</summary>
    public string? Project { get; init; }

    /// <summary>Code Assist: the hosts to try in order (default: the preset's; Antigravity fails over between them).</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Several credentials or endpoints for one provider: each member inherits these settings and overrides its own.</summary>
    public IReadOnlyList<PoolMemberConfig> Pool { get; init; } = [];

    /// <summary>Failures to inject into this provider's answers (`fault:`), or null for none.</summary>
    public FaultConfig? Fault { get; init; }

    /// <summary>Seconds the answer's first text, reasoning or tool-argument delta may take (`timeout_seconds` bounds the whole answer).</summary>
    public double? FirstTokenTimeoutSeconds { get; init; }

    /// <summary>Seconds the upstream may stay silent between two events of an answer.</summary>
    public double? IdleTimeoutSeconds { get; init; }
}

public sealed record RoutingConfig
{
    public string? Default { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Patterns { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    /// <summary>Aliases given as a list (`flash: [gem-a/m, gem-b/m]`): a pool of targets, balanced, failing ones skipped.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AliasPools { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Aliases that hedge a late first token (`flash: { targets: [...], hedge_after_ms: 400 }`), by alias.</summary>
    public IReadOnlyDictionary<string, HedgeConfig> Hedges { get; init; } = new Dictionary<string, HedgeConfig>();

    /// <summary>What to try, in order, once every member of the first choice failed. Keys: an alias, provider/model or a glob; values: provider/model or provider.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FallbackTarget>> Fallbacks { get; init; } = new Dictionary<string, IReadOnlyList<FallbackTarget>>();

    /// <summary>How a pool's members are ordered for each request.</summary>
    public PoolStrategy Strategy { get; init; } = PoolStrategy.Weighted;

    public RetryConfig Retries { get; init; } = new();

    /// <summary>When a streamed answer is shown to the client, after which it can no longer fail over.</summary>
    public Failover.CommitPoint Commit { get; init; } = Failover.CommitPoint.FirstEvent;

    public HealthConfig Health { get; init; } = new();
}

/// <summary>
/// An alias's hedging: when its first token is later than <see cref="AfterMs"/>, or than the
/// <see cref="Percentile"/> of its recent first tokens (`hedge: p95`), a second attempt goes to another
/// candidate and the first to answer wins. With both, the fixed delay holds until enough answers are seen.
/// </summary>
public sealed record HedgeConfig(int? AfterMs, double? Percentile);

/// <summary>One `routing.fallbacks` target (provider/model, or a provider keeping the model) and the failures it is tried for.</summary>
public sealed record FallbackTarget(string To, FallbackOn On = FallbackOn.Failure);

/// <summary>`on:` of a fallback target.</summary>
public enum FallbackOn
{
    /// <summary>Any failure that moves on (unreachable, timed out, 429, 5xx, a refused key): a plain list entry.</summary>
    Failure,

    /// <summary>Only the request being too long for the model before it (`context_length_exceeded`, "prompt is too long"), which is otherwise final.</summary>
    ContextWindow,
}

/// <summary>`routing.health`: when a member failing often, though not in a row, is taken out (ejected) for a while.</summary>
public sealed record HealthConfig
{
    /// <summary>The sliding window the failure rate is measured over.</summary>
    public int WindowSeconds { get; init; } = 60;

    /// <summary>Attempts in the window before its failure rate counts.</summary>
    public int MinRequests { get; init; } = 10;

    /// <summary>A member whose failure rate goes above this (0 to 1) is unhealthy.</summary>
    public double MaxFailureRate { get; init; } = 0.5;

    /// <summary>How long an unhealthy member is left out before one request probes it.</summary>
    public int EjectionSeconds { get; init; } = 30;
}

/// <summary>One member of a provider's pool: what it overrides (null keeps the provider's).</summary>
public sealed record PoolMemberConfig
{
    public string? ApiKey { get; init; }
    public string? BaseUrl { get; init; }
    public int Weight { get; init; } = 1;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when the member's key variable is unset: the member is left out (the rest of the pool serves).</summary>
    public string? SkipReason { get; init; }
}

/// <summary>`routing.strategy`: how members are ordered (failing ones are skipped by every strategy).</summary>
public enum PoolStrategy
{
    /// <summary>Smooth weighted round-robin over `weight` (all 1: plain round-robin). The default.</summary>
    Weighted,
    RoundRobin,

    /// <summary>Fewest requests in flight first.</summary>
    LeastBusy,

    /// <summary>Power of two choices on each member's moving average time to first token.</summary>
    Latency,
}

/// <summary>`routing.retries`: attempts across a choice's members (then each fallback's), with jittered exponential backoff before trying a member again.</summary>
public sealed record RetryConfig
{
    /// <summary>Attempts per choice; null: each member once.</summary>
    public int? MaxAttempts { get; init; }

    public int BackoffMs { get; init; } = 200;

    public int MaxBackoffMs { get; init; } = 5000;
}

/// <summary>The `models` section: model discovery and the list Codex asks for in its own shape.</summary>
public sealed record ModelsConfig
{
    /// <summary>How long a provider's discovered list is used before it is asked again.</summary>
    public TimeSpan DiscoveryTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one provider's list may take (all pages); past it the last good list stays.</summary>
    public TimeSpan DiscoveryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The file `codex_instructions_file` named, and its text: what Codex uses as its system prompt for the models Godex lists to it.</summary>
    public string? CodexInstructionsFile { get; init; }

    public string? CodexInstructions { get; init; }
}

public sealed record StorageConfig
{
    /// <summary>The SQLite file; default ~/.local/share/godex/godex.db (or $XDG_DATA_HOME/godex/godex.db).</summary>
    public string? Path { get; init; }

    /// <summary>A PostgreSQL connection string; when set, state lives there instead of the SQLite file.</summary>
    public string? Postgres { get; init; }
}

public sealed record TraceConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary>Store request bodies with traces (credentials redacted). Off by default.</summary>
    public bool CapturePayload { get; init; }

    public int RetentionDays { get; init; } = 30;

    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>What a full trace queue does: drop_newest (default), drop_oldest, or block (the request waits).</summary>
    public string Overflow { get; init; } = "drop_newest";
}

/// <summary>Stored Responses API conversations (previous_response_id).</summary>
public sealed record SessionsConfig
{
    /// <summary>Stored responses older than this are deleted by a background cleanup.</summary>
    public int RetentionDays { get; init; } = 30;

    /// <summary>The most stored responses one previous_response_id chain may span.</summary>
    public int MaxChainDepth { get; init; } = 1000;

    /// <summary>Writes waiting for the background writer; when full, requests wait (a dropped write would break its chain).</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>The most the instructions cache holds for all sessions together, in bytes (least recently used out first).</summary>
    public long InstructionsCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most the instructions cache holds for the sessions of one client key, so one key cannot push out the others'.</summary>
    public long InstructionsCacheBytesPerKey { get; init; } = 16L * 1024 * 1024;
}

/// <summary>USD per million tokens. Null figures fall back to the input (cached, cache write) or output (reasoning) price.</summary>
public sealed record ModelPrice
{
    public decimal Input { get; init; }
    public decimal Output { get; init; }
    public decimal? CachedRead { get; init; }
    public decimal? CacheWrite { get; init; }
    public decimal? Reasoning { get; init; }

    /// <summary>Where the figures came from and when (shown by `godex config print` and kept in the catalogue).</summary>
    public string? Source { get; init; }

    /// <summary>Prices for every token of a request whose prompt exceeds a threshold (Gemini 2.5 Pro, Sonnet 1M context).</summary>
    public LongContextPrice? LongContext { get; init; }
}

public sealed record LongContextPrice
{
    /// <summary>Prompt tokens (input incl. cache reads and writes) above which these prices apply.</summary>
    public long Threshold { get; init; }
    public decimal Input { get; init; }
    public decimal Output { get; init; }
    public decimal? CachedRead { get; init; }
    public decimal? CacheWrite { get; init; }
}
