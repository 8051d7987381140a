using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Godex.Gateway.Security;

/// <summary>`group.RequireClientKey()`, `group.RequireAdmin()`: the access a route group's endpoints need.</summary>
public static class AccessConventions
{
    public static TBuilder RequireClientKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Require(AccessRequirement.ClientKey);

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Require(AccessRequirement.Admin);

    private static TBuilder Require<TBuilder>(this TBuilder builder, AccessRequirement requirement) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(requirement);
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = new ClientAccessFilter(factory.ApplicationServices.GetRequiredService<ClientAuthentication>(), requirement);
            return invocation => filter.InvokeAsync(invocation, next);
        });
        return builder;
    }
}
