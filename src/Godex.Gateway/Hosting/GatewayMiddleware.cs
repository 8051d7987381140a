using System.Diagnostics;

using Godex.Gateway.FrontDoors;
using Godex.Gateway.Pipeline;
using Godex.Gateway.Security;
using Godex.Wire;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Hosting;

/// <summary>
/// Wraps every protocol endpoint: gives the request an id and a <see cref="GatewayContext"/>,
/// authenticates, enforces the body limit, and turns any failure into that protocol's error shape.
/// </summary>
public sealed partial class GatewayMiddleware(RequestDelegate next, ClientAuthentication authentication, ServeOptions options, ILogger<GatewayMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var protocol = http.GetEndpoint()?.Metadata.GetMetadata<ClientProtocol>();
        if (protocol is null)
        {
            await next(http);
            return;
        }

        var context = new GatewayContext(Guid.CreateVersion7().ToString("N"), protocol.Name, Stopwatch.GetTimestamp());
        http.Features.Set(context);
        http.TraceIdentifier = context.RequestId;
        http.Response.Headers["x-request-id"] = context.RequestId;

        try
        {
            if (authentication.Authenticate(http, context) is { } denied)
            {
                await protocol.WriteErrorAsync(http, denied);
            }
            else if (http.Request.ContentLength > options.MaxBodyBytes)
            {
                await protocol.WriteErrorAsync(http, BodyLimit.TooLarge(http));
            }
            else
            {
                await next(http);
            }
        }
        catch (GodexException exception) when (!http.Response.HasStarted)
        {
            await protocol.WriteErrorAsync(http, exception.Error);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // client disconnected: nothing to write
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            LogUnhandled(logger, exception, context.RequestId);
            await protocol.WriteErrorAsync(http, new GodexError(500, "server.internal", $"Godex failed to handle the request (request id {context.RequestId}); the gateway log has the details."));
        }
        catch (Exception exception)
        {
            LogUnhandled(logger, exception, context.RequestId);
        }
        finally
        {
            if (options.LogRequests)
            {
                var elapsed = Stopwatch.GetElapsedTime(context.StartTimestamp).TotalMilliseconds;
                var path = http.Request.Path.Value ?? "";
                LogRequest(logger, http.Request.Method, path, http.Response.StatusCode, elapsed, context.RequestedModel, context.Route?.Provider.Name, context.CallerKeyId, context.RequestId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed inside the gateway")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs:0.0}ms model={Model} provider={Provider} caller={Caller} id={RequestId}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs, string? model, string? provider, string? caller, string requestId);
}
