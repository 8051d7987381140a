namespace Godex.Gateway.Security;

/// <summary>
/// Takes known secrets out of text Godex passes on: some upstreams echo the key they were given in
/// their error message, which would otherwise reach the client, the log and the trace.
/// </summary>
public static class SecretText
{
    public const string Redacted = "<redacted>";

    /// <summary>Shorter values are left alone: replacing `k` or `test` would mangle the message, and a key that short is no secret.</summary>
    private const int MinLength = 8;

    public static string Redact(string text, string? secret) =>
        secret is { Length: >= MinLength } && text.Contains(secret, StringComparison.Ordinal)
            ? text.Replace(secret, Redacted, StringComparison.Ordinal)
            : text;
}
