using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// Endpoint metadata (set on each front door's route group): the protocol the routes speak, and how
/// an error is written in it, so failures raised before, around or inside the handler (auth, body
/// limits, provider errors, crashes) reach the client in the shape its SDK parses.
/// </summary>
public abstract class ErrorShape
{
    /// <summary>The protocol's name on traces and metrics (openai-chat, anthropic-messages, ...).</summary>
    public abstract string Protocol { get; }

    public abstract Task WriteErrorAsync(HttpContext http, GodexError error);
}
