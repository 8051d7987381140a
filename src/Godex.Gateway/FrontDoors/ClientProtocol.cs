using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// Endpoint metadata naming the protocol a route speaks, so errors raised before or around the
/// handler (auth, body limits, crashes) are written in the shape that protocol's SDKs parse.
/// </summary>
public abstract class ClientProtocol
{
    public abstract string Name { get; }

    public abstract Task WriteErrorAsync(HttpContext http, GodexError error);
}
