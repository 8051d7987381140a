using Godex.Gateway.Telemetry;

using Microsoft.Extensions.DependencyInjection;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>Reads what the gateway stored, waiting for the asynchronous writer to catch up.</summary>
public static class Traces
{
    public static async Task<TraceRecord> WaitForAsync(GodexHost host, string requestId, Func<TraceRecord, bool>? until = null)
    {
        var store = host.Services.GetRequiredService<ITraceStore>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await store.GetAsync(requestId, CancellationToken.None) is { } trace && (until is null || until(trace)))
            {
                return trace;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"trace {requestId} was not stored within 5 s");
    }

    public static string RequestId(HttpResponseMessage response) => response.Headers.GetValues("x-request-id").Single();
}
