using Godex.EndToEnd.Tests.Conformance;

namespace Godex.EndToEnd.Tests.Reliability;

/// <summary>Pool balancing measured where it lands: what each member's upstream received.</summary>
public sealed class PoolBalancingEndToEndTests
{
    [Fact]
    public async Task Weights_1_and_2_split_300_requests_one_to_two_within_10_percent()
    {
        await using var pool = await FaultPool.StartAsync(UpstreamFamily.Chat, secondWeight: 2);
        var client = ClientProtocol.Named(UpstreamFamily.Chat);

        for (var i = 0; i < 300; i++)
        {
            var (response, _, _) = await pool.SendAsync(client, stream: false);
            Assert.Equal((200, "1"), ((int)response.StatusCode, response.Headers.GetValues("x-godex-attempts").Single())); // balanced, not failed over
        }

        Assert.InRange(pool.First.Received.Count, 90, 110);
        Assert.InRange(pool.Second.Received.Count, 180, 220);
        Assert.Equal(300, pool.First.Received.Count + pool.Second.Received.Count); // no request went to both
    }
}
