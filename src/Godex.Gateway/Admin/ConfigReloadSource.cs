using Godex.Gateway.Configuration;

namespace Godex.Gateway.Admin;

/// <summary>
/// Where a running gateway reads its settings again: the config file, and how `godex serve` turns it
/// into options (the same flags and environment as at start-up, which still win over the file).
/// </summary>
/// <param name="Load">Reads and validates; throws <see cref="ConfigException"/> for a bad file.</param>
public sealed record ConfigReloadSource(string Path, Func<ServeOptions> Load);
