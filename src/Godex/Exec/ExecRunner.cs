using System.Runtime.CompilerServices;

using Godex.Commands;
using Godex.Gateway.Agents;
using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Providers;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Providers.OpenAIChat;
using Godex.Gateway.Specs;
using Godex.Wire;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Godex.Exec;

/// <summary>
/// Runs `godex exec`: in-process through the same routing and providers as the server, or against a
/// running gateway (`--gateway URL`) over Chat Completions; the tool loop is the same either way.
/// </summary>
internal static class ExecRunner
{
    public static async Task<int> RunAsync(ExecSettings settings, IExecOutput output, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFilter(_ => false));
        var (model, streamer, mode) = settings.Gateway is null ? InProcess(settings, services) : ViaGateway(settings, services);
        if (settings.LogRequests is not null || settings.LogResponses is not null)
        {
            services.AddHttpClient(UpstreamHttp.ClientName).AddHttpMessageHandler(() => new ExchangeLog(settings.LogRequests, settings.LogResponses));
        }

        await using var provider = services.BuildServiceProvider();
        var request = BuildRequest(settings, model);
        output.RunStarted(model, mode);
        ToolHandler? handler = settings.AutoTools ? new StaticToolOutputs(settings.ToolOutputs).HandleAsync : null;
        var loop = new ToolLoop((chat, token) => streamer(provider, chat, token), handler, settings.MaxSteps, output);
        try
        {
            var result = await loop.RunAsync(request, cancellationToken);
            if (result.Outcome == ToolLoopOutcome.Failed)
            {
                output.Error(result.Error!);
                return ExecExitCodes.UpstreamError;
            }

            output.RunFinished(result);
            return result.Outcome switch
            {
                ToolLoopOutcome.StepLimit => ExecExitCodes.StepLimit,
                ToolLoopOutcome.ToolCallsPending => ExecExitCodes.ToolCallsPending,
                _ => ExecExitCodes.Ok,
            };
        }
        catch (GodexException exception)
        {
            output.Error(exception.Error);
            return exception.Error.Status is 400 or 404 || exception.Error.Code.StartsWith("routing.", StringComparison.Ordinal)
                ? ExecExitCodes.UsageError
                : ExecExitCodes.UpstreamError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExecExitCodes.Interrupted;
        }
    }

    private static ChatRequest BuildRequest(ExecSettings settings, string model)
    {
        var messages = new List<ChatMessage>();
        if (settings.System is { } system)
        {
            messages.Add(ChatMessage.Text(ChatRole.System, system));
        }

        messages.Add(ChatMessage.Text(ChatRole.User, settings.Prompt));
        return new ChatRequest { Model = model, Messages = messages, Tools = settings.Tools, Stream = true };
    }

    private static (string Model, Func<IServiceProvider, ChatRequest, CancellationToken, IAsyncEnumerable<StreamEvent>> Streamer, string Mode) InProcess(ExecSettings settings, ServiceCollection services)
    {
        var config = settings.MockMode is not null ? EmbeddedDefaults.Config : ConfigFiles.Load(settings.ConfigPath);
        if (settings.ProviderKey is { } key)
        {
            config = config with { Providers = config.Providers.ToDictionary(entry => entry.Key, entry => entry.Value with { ApiKey = key, SkipReason = null }) };
        }

        var options = ServeOptionsResolver.Resolve(new ServeFlags(), config, Environment.GetEnvironmentVariable);
        var model = settings.MockMode is { } mockMode ? (mockMode == "text" ? "mock" : "mock-" + mockMode)
            : settings.Model ?? options.DefaultModel ?? (ReferenceEquals(config, EmbeddedDefaults.Config) ? "mock"
            : throw new ExecUsageException("--model is required (or set default_model in the config)."));
        services.AddGodexGateway(options);
        return (model, AnswerInProcessAsync, "in-process");
    }

    private static async IAsyncEnumerable<StreamEvent> AnswerInProcessAsync(IServiceProvider provider, ChatRequest request, [EnumeratorCancellation] CancellationToken token)
    {
        var context = new GatewayContext(Guid.CreateVersion7().ToString("N"), "exec", System.Diagnostics.Stopwatch.GetTimestamp());
        var events = await provider.GetRequiredService<ChatPipeline>().StartAsync(context, request, token);
        await foreach (var streamEvent in events.WithCancellation(token))
        {
            yield return streamEvent;
        }
    }

    private static (string Model, Func<IServiceProvider, ChatRequest, CancellationToken, IAsyncEnumerable<StreamEvent>> Streamer, string Mode) ViaGateway(ExecSettings settings, ServiceCollection services)
    {
        var model = settings.MockMode is { } mockMode ? (mockMode == "text" ? "mock" : "mock-" + mockMode)
            : settings.Model ?? throw new ExecUsageException("--model is required with --gateway.");
        var headers = new Dictionary<string, string>();
        if (settings.ProviderKey is { } key)
        {
            headers["X-Provider-Key"] = key;
        }

        var gateway = new ProviderConfig
        {
            Name = "gateway",
            Type = ProviderTypes.OpenAI,
            BaseUrl = new Uri(settings.Gateway!, "v1").ToString(),
            ApiKey = settings.GatewayKey,
            Headers = headers,
        };
        services.AddUpstreamHttp();
        return (model, (provider, request, token) =>
            new HttpProvider(gateway, new OpenAIChatUpstream(gateway), provider.GetRequiredService<IHttpClientFactory>(), Gateway.Specs.BuiltInSpecs.For(ProviderTypes.OpenAI),
                new ApiKeyCredentials(gateway.Name, settings.GatewayKey, AuthScheme.Bearer), TimeProvider.System).AnswerAsync(new ProviderCall(request), token), "gateway " + settings.Gateway);
    }
}
