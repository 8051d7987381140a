using System.Globalization;
using System.Net;

namespace Godex.Gateway.Configuration;

/// <summary>A `host:port` to bind. Hosts are IP literals or `localhost`; port 0 asks the OS for a free one.</summary>
public sealed record ListenAddress(IPAddress? Address, int Port)
{
    public const string Default = "127.0.0.1:39001";

    /// <summary>True for localhost or a loopback IP: the only binds that are safe without client keys.</summary>
    public bool IsLoopback => Address is null || IPAddress.IsLoopback(Address);

    public static ListenAddress Parse(string text) =>
        TryParse(text, out var address, out var problem) ? address : throw new FormatException(problem);

    public static bool TryParse(string text, out ListenAddress address, out string problem)
    {
        address = new ListenAddress(IPAddress.Loopback, 0);
        problem = "";
        var trimmed = text.Trim();
        if (trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["http://".Length..].TrimEnd('/');
        }

        var colon = trimmed.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(trimmed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            problem = $"'{text}' is not host:port (e.g. 127.0.0.1:39001).";
            return false;
        }

        var host = trimmed[..colon].Trim('[', ']');
        if (host.Length == 0)
        {
            host = "127.0.0.1";
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = new ListenAddress(null, port);
            return true;
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            problem = $"'{host}' is not an IP address or localhost.";
            return false;
        }

        address = new ListenAddress(ip, port);
        return true;
    }

    public override string ToString() => Address is null ? $"localhost:{Port}" :
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
