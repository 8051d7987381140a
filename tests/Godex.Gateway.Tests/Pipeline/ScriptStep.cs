using Godex.Wire;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>One step of a <see cref="ScriptedProvider"/>'s answer.</summary>
internal abstract record ScriptStep;

/// <summary>Yield this event.</summary>
internal sealed record Emit(StreamEvent Event) : ScriptStep;

/// <summary>Throw this error as a <see cref="GodexException"/> from MoveNextAsync.</summary>
internal sealed record Throw(GodexError Error) : ScriptStep;

/// <summary>Wait for this task before going on (lets a test see what reached the client meanwhile).</summary>
internal sealed record Pause(Task Until) : ScriptStep;
