using System.Buffers;

using Godex.Gateway.Telemetry.Events;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Godex.Gateway.Admin.Events;

/// <summary>
/// `GET /admin/api/events`: Server-Sent Events, live (no history, `Last-Event-ID` is not replayed):
/// requests as they start and end, member state changes, config reloads (see <see cref="EventJson"/>).
/// A comment line every <see cref="Heartbeat"/> keeps proxies from closing a quiet stream; a subscriber
/// that falls <see cref="GatewayEvents.Capacity"/> events behind loses the newest and is told how many
/// (`events.dropped`). The stream ends when the client leaves or the gateway stops.
/// </summary>
public static class EventsEndpoint
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventsAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/api/events", StreamAsync);
        return routes;
    }

    private static async Task StreamAsync(HttpContext http, GatewayEvents events, IHostApplicationLifetime lifetime)
    {
        using var subscription = events.Subscribe();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var output = response.BodyWriter;
        output.Write(": godex events\n\n"u8); // the headers and a first line at once, so a client knows it is subscribed
        try
        {
            await output.FlushAsync(ending.Token);
            var reader = subscription.Reader;
            while (!ending.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(ending.Token);
                beat.CancelAfter(Heartbeat);
                bool ready;
                try
                {
                    ready = await reader.WaitToReadAsync(beat.Token);
                }
                catch (OperationCanceledException) when (!ending.IsCancellationRequested)
                {
                    output.Write(": heartbeat\n\n"u8);
                    await output.FlushAsync(ending.Token);
                    continue;
                }

                if (!ready)
                {
                    break;
                }

                while (reader.TryRead(out var next))
                {
                    EventJson.WriteFrame(output, next);
                }

                if (subscription.TakeDropped() is > 0 and var dropped)
                {
                    EventJson.WriteDropped(output, dropped, events.Time.GetUtcNow());
                }

                await output.FlushAsync(ending.Token);
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The client left or the gateway is stopping: the stream just ends.
        }
    }
}
