using System.Net;

using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:39001", "127.0.0.1", 39001)]
    [InlineData("0.0.0.0:8080", "0.0.0.0", 8080)]
    [InlineData("  10.1.2.3:80  ", "10.1.2.3", 80)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("[::]:443", "::", 443)]
    [InlineData(":9000", "127.0.0.1", 9000)]
    [InlineData("http://127.0.0.1:39001", "127.0.0.1", 39001)]
    [InlineData("HTTP://[::1]:39001/", "::1", 39001)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void Parses_ip_literals_and_ports(string text, string ip, int port)
    {
        var address = ListenAddress.Parse(text);

        Assert.Equal(IPAddress.Parse(ip), address.Address);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("localhost:39001")]
    [InlineData("LocalHost:39001")]
    [InlineData("http://localhost:39001/")]
    public void Localhost_has_no_ip_and_is_loopback(string text)
    {
        var address = ListenAddress.Parse(text);

        Assert.Null(address.Address);
        Assert.Equal(39001, address.Port);
        Assert.True(address.IsLoopback);
        Assert.Equal("localhost:39001", address.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:39001", true)]
    [InlineData("127.8.9.10:1", true)]
    [InlineData("[::1]:1", true)]
    [InlineData("0.0.0.0:1", false)]
    [InlineData("[::]:1", false)]
    [InlineData("192.168.1.10:1", false)]
    public void IsLoopback_is_true_only_for_loopback_addresses(string text, bool loopback)
    {
        Assert.Equal(loopback, ListenAddress.Parse(text).IsLoopback);
    }

    [Theory]
    [InlineData("127.0.0.1:39001", "127.0.0.1:39001")]
    [InlineData("[::1]:39001", "[::1]:39001")]
    [InlineData("http://0.0.0.0:80/", "0.0.0.0:80")]
    public void ToString_gives_host_colon_port_with_brackets_for_ipv6(string text, string expected)
    {
        Assert.Equal(expected, ListenAddress.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("39001")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:port")]
    [InlineData("example.com:80")]
    [InlineData("https://127.0.0.1:443")]
    [InlineData("[::1]")]
    public void Rejects_what_is_not_ip_or_localhost_colon_port(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var problem));
        Assert.NotEmpty(problem);
        Assert.Throws<FormatException>(() => ListenAddress.Parse(text));
    }
}
