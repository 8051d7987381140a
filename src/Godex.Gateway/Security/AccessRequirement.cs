namespace Godex.Gateway.Security;

/// <summary>
/// Endpoint metadata: who may call a route, apart from the error shape it answers in. Route groups
/// carry it (see GodexServer), with the <see cref="ClientAccessFilter"/> that enforces it.
/// </summary>
public sealed class AccessRequirement
{
    /// <summary>The protocol endpoints: any configured or stored client key (or loopback when none are configured).</summary>
    public static readonly AccessRequirement ClientKey = new("client key");

    /// <summary>
    /// Operator views and the admin API: an admin key only; with none configured, loopback callers only.
    /// </summary>
    public static readonly AccessRequirement Admin = new("admin");

    private AccessRequirement(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}
