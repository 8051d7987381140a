namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for what the gateway does off the request path (writes, reloads, logs), failing the test with what was awaited.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, within);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not within {limit.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
