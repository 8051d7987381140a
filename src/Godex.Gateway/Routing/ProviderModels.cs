using Godex.Gateway.Providers;

namespace Godex.Gateway.Routing;

/// <summary>
/// What one provider offers right now: its own list (configured, preset or built in), the list its
/// upstream last gave (kept when a later discovery fails), and the last discovery error.
/// </summary>
public sealed record ProviderModels(IProvider Provider, bool Discovers, IReadOnlyList<DiscoveredModel> Discovered, string? Error, DateTimeOffset? DiscoveredAt)
{
    public DiscoveredModel? Find(string model) => Discovered.FirstOrDefault(discovered => discovered.Id == model);
}
