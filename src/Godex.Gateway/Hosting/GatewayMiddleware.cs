using System.Diagnostics;

using Godex.Gateway.Configuration;
using Godex.Gateway.FrontDoors;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Routing;
using Godex.Gateway.Security.Budgets;
using Godex.Gateway.Telemetry;
using Godex.Wire;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Hosting;

/// <summary>
/// Wraps every endpoint that has an <see cref="ErrorShape"/>: gives the request an id and a
/// <see cref="GatewayContext"/>, turns any failure into that protocol's error shape, and hands the
/// finished request to telemetry (trace, metrics, cost) without waiting on storage. Who may call a
/// route is the route group's filter (Security/ClientAccessFilter); the body limit is RequestBody's.
/// </summary>
public sealed partial class GatewayMiddleware(RequestDelegate next, ServeOptions options, RequestTelemetry telemetry, InFlightRequests inFlight, ILogger<GatewayMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var shape = http.GetEndpoint()?.Metadata.GetMetadata<ErrorShape>();
        if (shape is null)
        {
            await next(http);
            return;
        }

        var context = new GatewayContext(Guid.CreateVersion7().ToString("N"), shape.Protocol, Stopwatch.GetTimestamp());
        http.Features.Set(context);
        http.TraceIdentifier = context.RequestId;
        http.Response.Headers["x-request-id"] = context.RequestId;
        context.ProviderOverride = http.Items[ProviderPathPrefix.ItemKey] as string ?? NonEmpty(http.Request.Headers["Model-Provider"]);
        context.ProviderKey = NonEmpty(http.Request.Headers["X-Provider-Key"]);
        if (options.Config.Limits.SessionBudgetUsd is not null)
        {
            context.AgentSessionId = AgentSessionIds.Find(http.Request.Headers);
        }
        http.Response.OnStarting(() =>
        {
            if (context.LimitHeaders is { } limits)
            {
                foreach (var (name, value) in limits)
                {
                    http.Response.Headers[name] = value;
                }
            }

            telemetry.OnResponseStarting(http, context);
            return Task.CompletedTask;
        });
        var capture = options.Config.Trace.CapturePayload;
        if (capture)
        {
            http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: options.MaxBodyBytes);
        }

        inFlight.Enter();
        try
        {
            await next(http);
        }
        catch (GodexException exception) when (!http.Response.HasStarted)
        {
            await WriteErrorAsync(http, shape, context, exception.Error);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            context.ClientDisconnected = true;
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            LogUnhandled(logger, exception, context.RequestId);
            await WriteErrorAsync(http, shape, context, new GodexError(500, "server.internal", $"Godex failed to handle the request (request id {context.RequestId}); the gateway log has the details."));
        }
        catch (Exception exception)
        {
            context.Error ??= new GodexError(500, "server.stream_error", "The answer failed inside the gateway after it had started; the gateway log has the details.");
            LogUnhandled(logger, exception, context.RequestId);
        }
        finally
        {
            // The one place the answer's end is known (complete, failed, or cut off): admission settles here.
            var charge = telemetry.Charge(http, context);
            AdmitRequest.Finish(context, charge);
            try
            {
                await telemetry.CompleteAsync(http, context, charge, capture ? await CapturedBodyAsync(http) : null);
            }
            finally
            {
                inFlight.Leave();
            }

            if (options.LogRequests)
            {
                var elapsed = Stopwatch.GetElapsedTime(context.StartTimestamp).TotalMilliseconds;
                var path = http.Request.Path.Value ?? "";
                LogRequest(logger, http.Request.Method, path, http.Response.StatusCode, elapsed, context.RequestedModel, context.Route?.Provider.Name, context.CallerKeyId, context.RequestId);
            }
        }
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text.Trim() : null;

    private static Task WriteErrorAsync(HttpContext http, ErrorShape shape, GatewayContext context, GodexError error)
    {
        context.Error = error;
        return shape.WriteErrorAsync(http, error);
    }

    /// <summary>The request body as received (buffered for capture), credentials redacted.</summary>
    private static async Task<string?> CapturedBodyAsync(HttpContext http)
    {
        try
        {
            var body = http.Request.Body;
            if (!body.CanSeek)
            {
                return null;
            }

            body.Position = 0;
            var buffer = new byte[(int)Math.Min(body.Length, PayloadRedactor.MaxCapturedBytes)];
            await body.ReadExactlyAsync(buffer, CancellationToken.None);
            return PayloadRedactor.Redact(buffer);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed inside the gateway")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs:0.0}ms model={Model} provider={Provider} caller={Caller} id={RequestId}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs, string? model, string? provider, string? caller, string requestId);
}
