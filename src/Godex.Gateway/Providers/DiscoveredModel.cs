namespace Godex.Gateway.Providers;

/// <summary>
/// One model an upstream says it serves, with what its list tells about it. Limits are null when the
/// upstream's list does not say (most OpenAI-compatible servers give only the id).
/// </summary>
public sealed record DiscoveredModel(string Id, string? DisplayName = null, long? ContextWindow = null, long? OutputLimit = null);

/// <summary>One page of an upstream's model list, and the cursor for the next page (null on the last).</summary>
public sealed record ModelPage(IReadOnlyList<DiscoveredModel> Models, string? NextCursor);
