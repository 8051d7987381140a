using Godex.Gateway.Configuration;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Godex.Gateway.Hosting;

/// <summary>
/// `cors:` through ASP.NET Core's CORS middleware, as the default policy. Without `cors:` neither the
/// services nor the middleware are added: no response carries an Access-Control-* header and an
/// OPTIONS preflight is routed like any other request (and refused).
/// </summary>
public static class CorsSetup
{
    public static IServiceCollection AddGodexCors(this IServiceCollection services, CorsConfig? cors)
    {
        if (cors is not null)
        {
            services.AddCors(options => options.AddDefaultPolicy(Policy(cors)));
        }

        return services;
    }

    /// <summary>First in the pipeline, so every answer a page may see (a 401, a 404, a limit) carries the headers it needs to read it.</summary>
    public static WebApplication UseGodexCors(this WebApplication app, CorsConfig? cors)
    {
        if (cors is not null)
        {
            app.UseCors();
        }

        return app;
    }

    public static CorsPolicy Policy(CorsConfig cors)
    {
        var policy = new CorsPolicyBuilder()
            .WithMethods([.. cors.Methods])
            .WithExposedHeaders([.. CorsConfig.ExposedHeaders])
            .SetPreflightMaxAge(TimeSpan.FromSeconds(cors.MaxAgeSeconds));
        policy = cors.AnyOrigin ? policy.AllowAnyOrigin() : policy.WithOrigins([.. cors.Origins]);
        policy = cors.AnyHeader ? policy.AllowAnyHeader() : policy.WithHeaders([.. CorsConfig.SdkHeaders, .. cors.Headers]);
        policy = cors.Credentials ? policy.AllowCredentials() : policy.DisallowCredentials();
        return policy.Build();
    }
}
