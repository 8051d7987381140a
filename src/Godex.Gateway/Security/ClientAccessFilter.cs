using Godex.Gateway.Pipeline;
using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Security;

/// <summary>
/// The authenticate step, as an endpoint filter on a route group: a caller who may not use the route
/// gets a 401 in the route's own error shape (the failure is thrown to GatewayMiddleware) before the
/// handler reads the body. Every <see cref="AccessRequirement"/> asks for a client key today; admin
/// keys (a later issue) make <see cref="AccessRequirement.Admin"/> stricter here.
/// </summary>
public sealed class ClientAccessFilter(ClientAuthentication authentication) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (authentication.Authenticate(http, GatewayContexts.Of(http)) is { } denied)
        {
            throw new GodexException(denied);
        }

        return next(context);
    }
}
