using Godex.Gateway.Pipeline;
using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Security;

/// <summary>
/// The authenticate step, as an endpoint filter on a route group: a caller who may not use the route
/// gets a 401 in the route's own error shape (the failure is thrown to GatewayMiddleware) before the
/// handler reads the body. <see cref="AccessRequirement.Admin"/> asks for an admin key (see ClientAuthentication).
/// </summary>
public sealed class ClientAccessFilter(ClientAuthentication authentication, AccessRequirement requirement) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await authentication.AuthenticateAsync(http, GatewayContexts.Of(http), requirement) is { } denied)
        {
            throw new GodexException(denied);
        }

        return await next(context);
    }
}
