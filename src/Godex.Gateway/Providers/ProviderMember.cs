namespace Godex.Gateway.Providers;

/// <summary>One way to reach a provider (a `pool` entry: its key, endpoint, headers), built like the provider itself.</summary>
/// <param name="Id">`keys3` for a provider without a pool; `keys3#2` for its second member.</param>
public sealed record ProviderMember(IProvider Provider, string Id, int Weight);
