using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>
/// What one upstream answer may cost the gateway (providers.NAME.max_response_bytes and
/// max_event_bytes): a gzip bomb or one endless SSE line ends as a 502 instead of growing memory
/// until the kernel kills the process. Counted on the decompressed bytes, where memory is spent.
/// </summary>
public sealed record UpstreamLimits(string Provider, long MaxResponseBytes, long MaxEventBytes)
{
    public const long DefaultMaxResponseBytes = 256L * 1024 * 1024;

    public const long DefaultMaxEventBytes = 32L * 1024 * 1024;

    public static UpstreamLimits For(ProviderConfig config) =>
        new(config.Name, config.MaxResponseBytes ?? DefaultMaxResponseBytes, config.MaxEventBytes ?? DefaultMaxEventBytes);

    public GodexError ResponseTooLarge() =>
        new(502, "provider.answer_too_large", $"Provider '{Provider}' sent an answer larger than {Describe(MaxResponseBytes)} once decompressed (providers.{Provider}.max_response_bytes); Godex stopped reading it.");

    public GodexError EventTooLarge() =>
        new(502, "provider.answer_too_large", $"Provider '{Provider}' sent one stream event larger than {Describe(MaxEventBytes)} (providers.{Provider}.max_event_bytes); Godex stopped reading it.");

    private static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024.0):0.##} MiB" : $"{bytes / 1024.0:0.##} KiB";
}

/// <summary>Thrown by <see cref="LimitedUpstreamStream"/>; an IOException so every reader treats it as a broken answer, carrying the error to report.</summary>
public sealed class UpstreamLimitException(GodexError error) : IOException(error.Message)
{
    public GodexError Error { get; } = error;
}
