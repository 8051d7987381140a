using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Pipeline;

/// <summary>Where a request's <see cref="GatewayContext"/> lives during the request.</summary>
public static class GatewayContexts
{
    public static GatewayContext Of(HttpContext http) =>
        http.Features.Get<GatewayContext>() ?? throw new InvalidOperationException("GatewayMiddleware did not run for this request.");
}
