using System.Text;

using Godex.Gateway.Providers;

namespace Godex.Gateway.Tests.Providers;

public sealed class LimitedUpstreamStreamTests
{
    private static readonly UpstreamLimits Limits = new("up", MaxResponseBytes: 1000, MaxEventBytes: 20);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Events_under_the_limit_pass_in_any_split_with_lf_or_crlf(int readSize)
    {
        var text = "data: 0123456789\n\ndata: 0123456789\r\n\r\n: keep\n\ndata: abc\n\n";

        Assert.Equal(text, await ReadAllAsync(text, readSize));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task One_event_over_the_limit_throws_even_across_lines(int readSize)
    {
        var error = await Assert.ThrowsAsync<UpstreamLimitException>(() => ReadAllAsync("data: 0123456789\r\ndata: 0123456789\r\n\r\n", readSize));

        Assert.Equal("provider.answer_too_large", error.Error.Code);
        Assert.Contains("max_event_bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_throws_naming_max_response_bytes()
    {
        var text = string.Concat(Enumerable.Repeat("data: x\n\n", 200));

        var error = await Assert.ThrowsAsync<UpstreamLimitException>(() => ReadAllAsync(text, 64));

        Assert.Contains("max_response_bytes", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> ReadAllAsync(string text, int readSize)
    {
        await using var limited = new LimitedUpstreamStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), Limits, countEvents: true);
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await limited.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
