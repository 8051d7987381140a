using Xunit;

namespace Godex.Wire.Tests.Canonical;

public sealed class WaitTimeTests
{
    [Theory]
    [InlineData("1h2m3.5s", 3723.5)]
    [InlineData("20ms", 0.02)]
    [InlineData("6m0s", 360)]
    [InlineData("34.4s", 34.4)]
    [InlineData("2h36m24.115s", 9384.115)]
    [InlineData("479.417207ms", 0.479417207)]
    public void Go_durations_are_read(string text, double seconds) =>
        Assert.Equal(seconds, WaitTime.Duration(text)!.Value.TotalSeconds, 6);

    [Theory]
    [InlineData("soon")]
    [InlineData("5 s")]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("3d")]
    public void Other_text_is_no_duration(string text) => Assert.Null(WaitTime.Duration(text));

    [Fact]
    public void Waits_become_whole_seconds_and_dates_rounded_up_so_no_client_comes_back_early()
    {
        Assert.Equal("2", WaitTime.Seconds(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("Thu, 03 Dec 2026 12:00:01 GMT", WaitTime.Date(new DateTimeOffset(2026, 12, 3, 12, 0, 0, 200, TimeSpan.Zero)));
    }
}
