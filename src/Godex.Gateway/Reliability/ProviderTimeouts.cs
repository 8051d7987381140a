using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>A provider's answer timeouts: until the first token, between two events, and for the whole answer; null is no limit.</summary>
public sealed record ProviderTimeouts(TimeSpan? FirstToken, TimeSpan? Idle, TimeSpan? Total)
{
    public static ProviderTimeouts From(ProviderConfig config) => new(Seconds(config.FirstTokenTimeoutSeconds), Seconds(config.IdleTimeoutSeconds), Seconds(config.TimeoutSeconds));

    /// <summary>The provider behind a <see cref="TimeoutProvider"/> when its config sets any timeout, else unchanged.</summary>
    public static IProvider Wrap(IProvider provider, ProviderConfig config, TimeProvider time)
    {
        var timeouts = From(config);
        if (provider is Providers.ClaudeCodeCli.ClaudeCodeCliProvider)
        {
            // The CLI provider bounds its whole run by timeout_seconds itself, and stops the process with its own message.
            timeouts = timeouts with { Total = null };
        }

        return timeouts is { FirstToken: null, Idle: null, Total: null } ? provider : new TimeoutProvider(provider, timeouts, time);
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : null;
}
