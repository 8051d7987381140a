namespace Godex.Gateway.Security;

/// <summary>
/// Endpoint metadata: who may call a route, apart from the error shape it answers in. Route groups
/// carry it (see GodexServer), with the <see cref="ClientAccessFilter"/> that enforces it.
/// </summary>
public sealed class AccessRequirement
{
    /// <summary>The protocol endpoints: any configured client key (or loopback when none are configured).</summary>
    public static readonly AccessRequirement ClientKey = new("client key");

    /// <summary>
    /// Operator views (usage, later the admin UI and API). Until admin keys exist these accept the
    /// same callers as <see cref="ClientKey"/>; the README says so.
    /// </summary>
    public static readonly AccessRequirement Admin = new("admin");

    private AccessRequirement(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}
