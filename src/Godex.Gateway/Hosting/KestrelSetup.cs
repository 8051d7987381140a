using System.Security.Cryptography.X509Certificates;

using Godex.Gateway.Configuration;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Godex.Gateway.Hosting;

/// <summary>
/// Kestrel as the config asks: the listen address, HTTPS with `tls:`'s certificate, and the limits
/// Kestrel enforces before any middleware runs (body size as sent, header size and count: a request
/// past those gets Kestrel's own 431 or 413 with an empty body, which no protocol's shape can reach).
/// </summary>
public static class KestrelSetup
{
    public static void Configure(KestrelServerOptions kestrel, ServeOptions options, X509Certificate2? certificate)
    {
        var limits = options.Config.Limits;
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = (int)(limits.MaxHeaderBytes ?? LimitsConfig.DefaultMaxHeaderBytes);
        kestrel.Limits.MaxRequestHeaderCount = limits.MaxHeaders ?? LimitsConfig.DefaultMaxHeaders;

        // HTTP/2's header table must hold what HTTP/1.1 allows, or a large header becomes a protocol error instead.
        kestrel.Limits.Http2.MaxRequestHeaderFieldSize = Math.Max(kestrel.Limits.Http2.MaxRequestHeaderFieldSize, kestrel.Limits.MaxRequestHeadersTotalSize);

        void Endpoint(ListenOptions listen)
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }

        if (options.Listen.Address is { } address)
        {
            kestrel.Listen(address, options.Listen.Port, Endpoint);
        }
        else
        {
            kestrel.ListenLocalhost(options.Listen.Port, Endpoint);
        }
    }
}
