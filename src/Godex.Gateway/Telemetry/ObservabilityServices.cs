
using Godex.Gateway.Configuration;

using Microsoft.Extensions.DependencyInjection;

using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Godex.Gateway.Telemetry;

/// <summary>OpenTelemetry for the server: Godex's meter exported for Prometheus at /metrics, and spans and metrics over OTLP when otlp_endpoint is set.</summary>
public static class ObservabilityServices
{
    public const string ActivitySourceName = "Godex";

    public static IServiceCollection AddGodexObservability(this IServiceCollection services, ServeOptions options)
    {
        var endpoint = options.Config.OtlpEndpoint is { } otlp ? new Uri(otlp) : null;
        var telemetry = services.AddOpenTelemetry();
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(GatewayMetrics.MeterName).AddPrometheusExporter();
            if (endpoint is not null)
            {
                metrics.AddOtlpExporter(exporter => exporter.Endpoint = endpoint);
            }
        });
        if (endpoint is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter => exporter.Endpoint = endpoint));
        }

        return services;
    }
}
