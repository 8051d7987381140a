using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// Pumps canonical events into an SSE response. The first event is awaited before any header is sent,
/// so an upstream that refuses the request still yields a proper HTTP error status. After that,
/// every failure becomes the protocol's own in-stream error event; a stream never just stops.
/// </summary>
public static class EventStreamResponse
{
    public static async Task WriteAsync(HttpContext http, IAsyncEnumerable<StreamEvent> events, IStreamWriter writer)
    {
        var cancellationToken = http.RequestAborted;
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        var hasFirst = await enumerator.MoveNextAsync(); // throws GodexException before headers

        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var output = response.BodyWriter;

        try
        {
            var hasCurrent = hasFirst;
            while (hasCurrent)
            {
                writer.Write(output, enumerator.Current);
                if (writer.Completed)
                {
                    await output.FlushAsync(cancellationToken);
                    return;
                }

                hasCurrent = await NextAfterFlushAsync(enumerator, output, cancellationToken);
            }

            writer.Write(output, new ResponseFailed(new GodexError(502, "provider.stream_truncated", "The upstream stream ended without a final event.")));
        }
        catch (GodexException exception)
        {
            writer.Write(output, new ResponseFailed(exception.Error));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // the client went away; the upstream call is cancelled with it
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Headers are gone: end the stream in-protocol, then let the middleware log the fault.
            writer.Write(output, new ResponseFailed(new GodexError(500, "server.stream_error", "The stream failed inside the gateway; see the gateway log for request " + http.TraceIdentifier + ".")));
            await output.FlushAsync(CancellationToken.None);
            throw;
        }

        await output.FlushAsync(CancellationToken.None);
    }

    /// <summary>
    /// The next event, flushing what is written first unless that event is already at hand: a burst
    /// from the upstream leaves in one write, and nothing waits in the buffer while the upstream is quiet.
    /// </summary>
    private static async ValueTask<bool> NextAfterFlushAsync(IAsyncEnumerator<StreamEvent> enumerator, System.IO.Pipelines.PipeWriter output, CancellationToken cancellationToken)
    {
        var next = enumerator.MoveNextAsync();
        if (next.IsCompleted)
        {
            return await next;
        }

        try
        {
            await output.FlushAsync(cancellationToken);
        }
        catch
        {
            // The enumerator cannot be disposed with a MoveNextAsync in flight; it ends with the same token.
            try
            {
                await next;
            }
            catch (Exception exception) when (exception is OperationCanceledException or GodexException or IOException or HttpRequestException)
            {
            }

            throw;
        }

        return await next;
    }
}
