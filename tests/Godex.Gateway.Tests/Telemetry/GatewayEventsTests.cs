using Godex.Gateway.Telemetry;
using Godex.Gateway.Telemetry.Events;

namespace Godex.Gateway.Tests.Telemetry;

public sealed class GatewayEventsTests
{
    private static RequestFinished Finished(int i) =>
        new(DateTimeOffset.UnixEpoch, new TraceRecord { Id = "t" + i, StartedAt = DateTimeOffset.UnixEpoch, ClientProtocol = "openai-chat" });

    [Fact]
    public void Nobody_listens_until_someone_subscribes_and_after_they_leave()
    {
        var events = new GatewayEvents(TimeProvider.System);
        Assert.False(events.Listening);
        using (events.Subscribe())
        {
            Assert.True(events.Listening);
        }

        Assert.False(events.Listening);
    }

    [Fact]
    public void A_subscriber_that_does_not_read_loses_the_newest_events_counted_and_never_blocks_the_publisher()
    {
        var events = new GatewayEvents(TimeProvider.System);
        using var slow = events.Subscribe();
        using var reading = events.Subscribe();
        var read = 0;

        for (var i = 0; i < GatewayEvents.Capacity + 10; i++)
        {
            events.Publish(Finished(i)); // returns at once whatever the slow one does
            while (reading.Reader.TryRead(out _))
            {
                read++;
            }
        }

        Assert.Equal(GatewayEvents.Capacity + 10, read);
        Assert.Equal(10, events.Dropped);
        Assert.Equal(10, slow.TakeDropped());
        Assert.Equal(0, slow.TakeDropped());
        Assert.True(slow.Reader.TryRead(out var oldest));
        Assert.Equal("t0", ((RequestFinished)oldest).Trace.Id);
    }
}
