using System.Net.Sockets;

using Microsoft.Extensions.DependencyInjection;

namespace Godex.Gateway.Providers;

/// <summary>The shared HTTP client for upstream calls: pooled connections, Nagle off, no overall timeout (streams are long).</summary>
public static class UpstreamHttp
{
    public const string ClientName = "godex-upstream";

    /// <summary>How long a TCP connect may take before the upstream counts as unreachable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddUpstreamHttp(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                UseCookies = false,
                AllowAutoRedirect = false,
                ConnectCallback = ConnectAsync,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers(); // two logging handlers per call; the trace already records each upstream call
        return services;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
