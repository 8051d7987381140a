using Godex.Gateway.Reliability;

namespace Godex.Gateway.Telemetry.Events;

/// <summary>Something the admin API's live event stream (`GET /admin/api/events`) tells its subscribers.</summary>
public abstract record GatewayEvent(DateTimeOffset At);

/// <summary>A request was routed: its candidates are known and its first attempt is next.</summary>
public sealed record RequestStarted(DateTimeOffset At, string Id, string Protocol, string? KeyId, string Model, string? Provider, string? Member, bool Stream) : GatewayEvent(At);

/// <summary>A request ended (answered, failed, or the client left): the trace it is stored as.</summary>
public sealed record RequestFinished(DateTimeOffset At, TraceRecord Trace) : GatewayEvent(At);

/// <summary>A pool member's state changed: taken out by a failure, back after a success, or the operator's override.</summary>
public sealed record MemberStateChanged(DateTimeOffset At, string Provider, string Member, HealthSnapshot State, bool Disabled, string Cause) : GatewayEvent(At);

/// <summary>A config reload ran: applied (with the new generation and what waits for a restart) or refused and why.</summary>
public sealed record ConfigReloaded(DateTimeOffset At, string Trigger, bool Applied, int Generation, string? Error, IReadOnlyList<string> RestartRequired) : GatewayEvent(At);
