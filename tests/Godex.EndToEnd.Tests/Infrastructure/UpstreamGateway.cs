namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Godex in front of one scripted upstream: the upstream starts first because the config names its URL,
/// and Godex stops first so no request of its outlives the upstream it goes to.
/// </summary>
public class UpstreamGateway : IAsyncDisposable
{
    protected UpstreamGateway(ScriptedUpstream upstream, GodexHost godex) => (Upstream, Godex) = (upstream, godex);

    public ScriptedUpstream Upstream { get; }

    public GodexHost Godex { get; }

    /// <summary>Starts Godex on <paramref name="yaml"/> (by default <see cref="UpstreamConfig"/>'s config and environment).</summary>
    public static Task<UpstreamGateway> StartAsync(Func<ScriptedUpstream, string>? yaml = null, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync(yaml ?? (static upstream => UpstreamConfig.Yaml(upstream)), environment ?? UpstreamConfig.Environment, static (upstream, godex) => new UpstreamGateway(upstream, godex));

    /// <summary>For a gateway that adds its own client helpers: <paramref name="create"/> makes it from the started pair.</summary>
    protected static async Task<T> StartAsync<T>(Func<ScriptedUpstream, string> yaml, IReadOnlyDictionary<string, string> environment, Func<ScriptedUpstream, GodexHost, T> create)
    {
        var upstream = await ScriptedUpstream.StartAsync();
        return create(upstream, await GodexHost.StartAsync(yaml(upstream), environment: environment));
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A gateway with more to clean up (a scratch directory) does it after this.</summary>
    protected virtual async ValueTask DisposeCoreAsync()
    {
        await Godex.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
