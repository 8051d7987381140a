using Godex.Gateway.Configuration;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Configuration;

/// <summary>The effective settings of a running gateway, after flags, environment and config file are merged.</summary>
public sealed record ServeOptions
{
    public ListenAddress Listen { get; init; } = ListenAddress.Parse(ListenAddress.Default);
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>`admin_keys:` plus GODEX_ADMIN_KEY: the keys the admin endpoints accept.</summary>
    public IReadOnlyList<string> AdminKeys { get; init; } = [];
    public bool AllowAnyKey { get; init; }
    public string? DefaultModel { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
    public bool LogRequests { get; init; }
    public long MaxBodyBytes { get; init; } = LimitsConfig.DefaultMaxBodyBytes;

    /// <summary>How long a session's instructions are kept for follow-ups that omit them.</summary>
    public TimeSpan CacheTtl { get; init; } = DefaultCacheTtl;

    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromHours(6);
    public GodexConfig Config { get; init; } = EmbeddedDefaults.Config;
}

/// <summary>Values given on the command line; null means "not given".</summary>
public sealed record ServeFlags
{
    public string? Listen { get; init; }
    public string? ApiKey { get; init; }
    public bool? AllowAnyKey { get; init; }
    public string? Model { get; init; }
    public string? LogLevel { get; init; }
    public bool? LogRequests { get; init; }
    public string? CacheTtl { get; init; }

    /// <summary>Let subscription providers refresh their logins themselves (Codex leaves it to its CLI otherwise).</summary>
    public bool? AllowRefresh { get; init; }

    /// <summary>Token files: `NAME=PATH` for one provider, or a bare `PATH` for every codex provider.</summary>
    public IReadOnlyList<string>? AuthPath { get; init; }
}
