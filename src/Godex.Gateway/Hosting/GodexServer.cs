using Godex.Gateway.Admin;
using Godex.Gateway.Admin.Events;
using Godex.Gateway.Admin.Providers;
using Godex.Gateway.Admin.Traces;
using Godex.Gateway.Common;
using Godex.Gateway.Configuration;
using Godex.Gateway.FrontDoors;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Providers;
using Godex.Gateway.Routing;
using Godex.Gateway.Security;
using Godex.Gateway.Telemetry;
using Godex.Gateway.TokenCounting;
using Godex.Wire;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Hosting;

/// <summary>Builds the gateway's web application from effective <see cref="ServeOptions"/>.</summary>
public static class GodexServer
{
    /// <param name="services">Replaces gateway services after they are added (tests: a controllable TimeProvider).</param>
    /// <param name="reload">Where a reload (SIGHUP, a file change, the admin API) reads the config again; null: no reloads.</param>
    public static WebApplication Build(ServeOptions options, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null, ConfigReloadSource? reload = null)
    {
        // No config-file reload: its watcher sees every write to a database file in the working
        // directory and cost ~14% CPU under load; godex.yaml is read once, by ServeOptions.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", options.LogLevel <= LogLevel.Debug ? options.LogLevel : LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", options.LogLevel <= LogLevel.Debug ? options.LogLevel : LogLevel.Warning);

        // Hosting creates an Activity per request whenever its own log category is on; Godex logs
        // requests itself (--log-requests), and OTLP tracing, when configured, still gets its spans.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // Start-up failures (e.g. address in use) are reported by `godex serve` in one line, not as a host stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (logging is null && options.Config.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(console => console.TimestampFormat = "O");
        }
        else if (logging is null)
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            logging(builder.Logging);
        }

        // Loaded here, not in Kestrel's callback, so a certificate that went missing since the config was read fails the build.
        var certificate = options.Config.Tls?.Load();
        if (certificate is not null)
        {
            builder.Services.AddSingleton(certificate);
        }

        builder.WebHost.ConfigureKestrel(kestrel => KestrelSetup.Configure(kestrel, options, certificate));
        builder.Services.AddGodexCors(options.Config.Cors);

        builder.Services.AddGodexGateway(options);
        builder.Services.AddGodexObservability(options);
        builder.Services.AddConfigReload(options, reload);

        // Hosted services stop in reverse order: this one, added after the trace writers, stops before them.
        builder.Services.AddSingleton<InFlightRequests>();
        builder.Services.AddHostedService(s => s.GetRequiredService<InFlightRequests>());

        // SIGTERM: Kestrel stops accepting and lets open requests finish for this long; traces are flushed after.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Config.ShutdownTimeout);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseGodexCors(options.Config.Cors);
        app.UseMiddleware<ProviderPathPrefix>();
        app.UseRouting();
        app.UseMiddleware<GatewayMiddleware>();
        app.MapHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");

        // One group per front door: its error shape (which also names the protocol on traces) and who
        // may call it; rate limits and admission filters join here.
        app.MapGroup("").WithMetadata(OpenAIErrorShape.Instance).RequireClientKey().MapModels().MapOpenAIChat();
        app.MapGroup("").WithMetadata(OpenAIErrorShape.Responses).RequireClientKey().MapResponses();
        app.MapGroup("").WithMetadata(AnthropicErrorShape.Instance).RequireClientKey().MapAnthropic();
        app.MapGroup("").WithMetadata(GeminiErrorShape.Instance).RequireClientKey().MapGemini();
        app.MapGroup("").WithMetadata(OpenAIErrorShape.Instance).RequireAdmin().MapUsage().MapConfigReload().MapKeysAdmin()
            .MapProvidersAdmin().MapTracesAdmin().MapConfigAdmin().MapEventsAdmin();
        app.MapFallback(UnknownRouteAsync);
        return app;
    }

    /// <summary>Starts the server and returns the base URL it listens on (useful with port 0).</summary>
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    /// <summary>Start-up notes: where the config came from, its warnings, and what authentication is in force.</summary>
    public static void LogStartup(WebApplication app, Uri address)
    {
        var options = app.Services.GetRequiredService<ServeOptions>();
        var registry = app.Services.GetRequiredService<LiveRouting>().Current.Registry;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Godex");
        logger.LogInformation("Godex {Version} listening on {Address} (config: {Source})", GodexVersion.Current, address, options.Config.Source);
        foreach (var warning in options.Config.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        var providers = string.Join(", ", registry.All.Select(provider => $"{provider.Name} ({provider.Type})"));
        logger.LogInformation("Providers: {Providers}", providers);
        if (options.AllowAnyKey)
        {
            var exposure = options.Listen.IsLoopback ? "" : ", and the gateway listens beyond this machine";
            logger.LogWarning("--allow-any-key: every request is accepted without a key{Exposure}", exposure);
        }
        else if (options.ApiKeys.Count == 0)
        {
            logger.LogWarning("No client keys configured: requests from this machine (loopback) are accepted without a key until the key store holds one (`godex keys add`), then every caller needs a key. Set 'keys', --api-key or `godex keys add` to accept others.");
        }
    }

    private static Task UnknownRouteAsync(HttpContext http) =>
        OpenAIErrorShape.Instance.WriteErrorAsync(http, new GodexError(404, "server.not_found", $"No route for {http.Request.Method} {http.Request.Path}. Godex serves POST /v1/chat/completions, GET /v1/models and GET /health."));
}
