using Godex.Gateway.Admin;
using Godex.Gateway.Common;
using Godex.Gateway.Configuration;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Providers;
using Godex.Gateway.Routing;
using Godex.Gateway.Security;
using Godex.Gateway.Security.Budgets;
using Godex.Gateway.Security.Keys;
using Godex.Gateway.Security.Limits;
using Godex.Gateway.Sessions;
using Godex.Gateway.Storage;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;
using Godex.Gateway.Telemetry.Prices;
using Godex.Gateway.TokenCounting;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Hosting;

/// <summary>
/// The gateway's services without the web server: what `godex serve` hosts behind Kestrel and what
/// `godex exec` runs in-process, so both route and call providers the same way.
/// </summary>
public static class GatewayServices
{
    public static IServiceCollection AddGodexGateway(this IServiceCollection services, ServeOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Config);
        services.AddSingleton(FrontDoors.RequestLimits.From(options));
        services.AddSingleton(TimeProvider.System);
        services.AddUpstreamHttp();
        // Wrapped around every provider, in this order (the first innermost): faults rehearse, timeouts then see them.
        services.AddSingleton<IProviderWrapper, Reliability.FaultInjection>();
        services.AddSingleton<IProviderWrapper, Reliability.TimeoutWrapper>();
        services.AddSingleton<Telemetry.Events.GatewayEvents>();
        services.AddSingleton<Reliability.IMemberStateListener>(s => s.GetRequiredService<Telemetry.Events.GatewayEvents>());
        services.AddSingleton<RoutingStateBuilder>();
        services.AddSingleton(s => new LiveRouting(s.GetRequiredService<RoutingStateBuilder>().Build(options, previous: null)));
        services.AddSingleton<ModelListing>();
        services.AddSingleton<FrontDoors.CodexModels>();
        services.AddSingleton<ChatPipeline>();

        // The request steps, in the order they run (see ChatPipeline).
        services.AddSingleton<IRequestStep, ResolvePlan>();
        services.AddSingleton<IRequestStep, EnforceKeyScope>();
        services.AddSingleton<IRequestStep, Telemetry.Events.AnnounceRequest>();
        services.AddSingleton<IRequestStep, ExpandSession>();
        services.AddSingleton<IRequestStep, BreakToolLoops>();
        services.AddSingleton<IRequestStep, AdmitRequest>();
        services.AddSingleton<RateLimits>();
        services.AddSingleton<SqlBudgetStore>();
        services.AddSingleton<BudgetQueue>();
        services.AddSingleton<KeyBudgets>();
        services.AddSingleton<SessionBudgets>();
        services.AddSingleton<BudgetWriter>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<Compatibility.RequiredInstructions>();
        services.AddSingleton<TokenEstimator>();
        services.AddSingleton(new ClientKeys(options.ApiKeys, options.AllowAnyKey, options.Config.KeyLimits));
        services.AddSingleton(new AdminKeys(options.AdminKeys));
        services.AddSingleton<ClientAuthentication>();
        services.AddSingleton(_ => KeySecret.Load(StorageFactory.DataFolder(options.Config), Environment.GetEnvironmentVariable));
        services.AddSingleton<SqlKeyStore>();
        services.AddSingleton<KeyManager>();
        services.AddSingleton<Admin.Providers.ProviderProbe>();
        services.AddSingleton<StoredKeyLookup>();
        services.AddSingleton(s =>
        {
            var metrics = new GatewayMetrics();
            metrics.ObservePools(() => s.GetRequiredService<LiveRouting>().Current.Pools.All); // the pools of the config in force, after any reload
            metrics.ObserveInstructionsCache(s.GetRequiredService<InstructionsCache>());
            return metrics;
        });
        services.AddSingleton<ModelLabels>();
        services.AddSingleton<PriceCatalogue>();
        services.AddSingleton<TraceRecorder>();
        services.AddSingleton<RequestTelemetry>();
        services.AddSingleton(_ => StorageFactory.Create(options.Config));
        services.AddSingleton<ITraceStore, SqlTraceStore>();
        services.AddSingleton<IResponseStore, SqlResponseStore>();
        services.AddSingleton<ResponseQueue>();
        services.AddSingleton<StoredResponses>();
        services.AddSingleton<ConversationChain>();
        services.AddSingleton<InstructionsCache>();
        services.AddSingleton<ResponseSessions>();
        services.AddHostedService<StorageMigrator>();
        services.AddSingleton<TraceWriter>();
        services.AddHostedService(s => new BatchWriter<TraceRecord>(s.GetRequiredService<TraceRecorder>(), s.GetRequiredService<TraceWriter>(), TraceWriter.Batching));
        services.AddHostedService<TraceRetention>();
        services.AddSingleton<ResponseStoreWriter>();
        services.AddHostedService(s => new BatchWriter<SessionWrite>(s.GetRequiredService<ResponseQueue>(), s.GetRequiredService<ResponseStoreWriter>(), ResponseStoreWriter.Batching));
        services.AddHostedService<SessionRetention>();
        services.AddHostedService(s => new BatchWriter<BudgetCharge>(s.GetRequiredService<BudgetQueue>(), s.GetRequiredService<BudgetWriter>(), BudgetWriter.Batching));
        services.AddHostedService<BudgetRetention>();
        return services;
    }

    /// <summary>Config reloads for a server: the reloader, and what triggers it (SIGHUP, the file changing).</summary>
    public static IServiceCollection AddConfigReload(this IServiceCollection services, ServeOptions options, ConfigReloadSource? source)
    {
        if (source is not null)
        {
            services.AddSingleton(source);
        }

        services.AddSingleton(s => new ConfigReloader(s.GetRequiredService<LiveRouting>(), s.GetRequiredService<RoutingStateBuilder>(), s.GetRequiredService<ILogger<ConfigReloader>>(), s.GetService<ConfigReloadSource>(), s.GetService<Telemetry.Events.GatewayEvents>()));
        services.TryAddSingleton(ConfigWatchOptions.Default);
        services.AddHostedService(s => new ReloadTriggers(s.GetRequiredService<ConfigReloader>(), s.GetRequiredService<ConfigWatchOptions>(), s.GetRequiredService<TimeProvider>(), options.Config.WatchConfig));
        return services;
    }

}
