using Godex.Gateway.Common;

namespace Godex.Gateway.Tests.Common;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2d", 172_800)]
    [InlineData("1.5", 1.5)]
    [InlineData("00:01:00", 60)]
    public void A_duration_is_read_as_people_type_it(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("1e300s")]
    [InlineData("99999999999999999999d")]
    [InlineData("soon")]
    public void What_is_not_a_duration_a_timespan_can_hold_is_refused(string text) =>
        Assert.False(Durations.TryParse(text, out _));
}
