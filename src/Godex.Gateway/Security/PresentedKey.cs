using System.Text.RegularExpressions;

using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Security;

/// <summary>
/// The one key a request presents, from `Authorization: Bearer`, `x-api-key`, `x-goog-api-key` or
/// `?key=`. The same key in several of those places is one key. Anything that leaves doubt is refused
/// before a key is checked, so no credential rides along unchecked beside a valid one: two different
/// keys, a place given twice, an Authorization header that is not a Bearer token.
/// </summary>
public readonly partial record struct PresentedKey(string? Key, GodexError? Refusal)
{
    private static readonly string[] Headers = ["x-api-key", "x-goog-api-key"];

    public static PresentedKey From(HttpRequest request)
    {
        string? found = null;
        string? where = null;
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            if (authorization.Count > 1)
            {
                return Refused("auth.ambiguous_key", "The request has more than one Authorization header; send one key, once.");
            }

            if (BearerToken().Match(authorization.ToString()) is not { Success: true } bearer)
            {
                return Refused("auth.invalid_authorization", "The Authorization header must be 'Bearer <key>'.");
            }

            (found, where) = (bearer.Groups[1].Value, "Authorization");
        }

        foreach (var (name, values) in Headers.Select(name => (name, request.Headers[name])).Append(("?key=", request.Query["key"])))
        {
            if (values.Count > 1)
            {
                return Refused("auth.ambiguous_key", $"The request gives '{name}' more than once; send one key, once.");
            }

            if (values.ToString() is not { Length: > 0 } value)
            {
                continue;
            }

            if (found is not null && !string.Equals(found, value, StringComparison.Ordinal))
            {
                return Refused("auth.conflicting_keys", $"The request carries different keys in {where} and '{name}'; send one key (the same one wherever it appears).");
            }

            (found, where) = (value, where ?? $"'{name}'");
        }

        return new PresentedKey(found, null);
    }

    private static PresentedKey Refused(string code, string message) => new(null, new GodexError(401, code, message));

    // RFC 6750: the scheme is case-insensitive, one or more spaces, then a token without whitespace.
    [GeneratedRegex("^Bearer +([^\\s]+) *$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
