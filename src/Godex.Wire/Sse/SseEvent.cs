namespace Godex.Wire.Sse;

/// <summary>One server-sent event: the optional `event:` name and the joined `data:` lines.</summary>
public readonly record struct SseEvent(string? Event, string Data);
