using Godex.Gateway.Configuration;
using Godex.Gateway.Providers;

namespace Godex.Gateway.Reliability;

/// <summary>
/// A provider's timeouts: until the first token, between two events, and for the whole call (an answer
/// from sending to its last event; a token count or a model list too). Null is no limit; the whole call
/// is bounded even when `timeout_seconds` is unset, so nothing an upstream does can hang a client.
/// </summary>
public sealed record ProviderTimeouts(TimeSpan? FirstToken, TimeSpan? Idle, TimeSpan? Total)
{
    /// <summary>`timeout_seconds` when unset: long enough for any real answer.</summary>
    public static readonly TimeSpan DefaultTotal = TimeSpan.FromSeconds(600);

    public static ProviderTimeouts From(ProviderConfig config) => new(Seconds(config.FirstTokenTimeoutSeconds), Seconds(config.IdleTimeoutSeconds), Seconds(config.TimeoutSeconds) ?? DefaultTotal);

    /// <summary>The provider behind a <see cref="TimeoutProvider"/>, the one owner of its timeouts (HTTP providers keep none of their own).</summary>
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

    private static TimeSpan? Seconds(double? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : null;
}
