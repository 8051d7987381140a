using System.Net;

using Godex.Gateway.Pipeline;
using Godex.Gateway.Security.Keys;
using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Security;

/// <summary>The authenticate step: decides whether a caller may use a route, and who it is.</summary>
public sealed class ClientAuthentication(ClientKeys keys, AdminKeys admins, StoredKeyLookup stored, TimeProvider time)
{
    /// <summary>Null when the caller may go on (its key id, state owner and limits noted on the context), else the 401/403.</summary>
    public ValueTask<GodexError?> AuthenticateAsync(HttpContext http, GatewayContext context, AccessRequirement requirement) =>
        requirement == AccessRequirement.Admin ? AdminAsync(http, context) : ClientAsync(http, context);

    private async ValueTask<GodexError?> ClientAsync(HttpContext http, GatewayContext context)
    {
        if (keys.AllowAnyKey)
        {
            context.CallerKeyId = "any";
            return null;
        }

        var presented = PresentedKey.From(http.Request);
        if (presented.Key is { } candidate && IsStoredKey(candidate))
        {
            return await StoredAsync(candidate, context, http.RequestAborted);
        }

        if (keys.LoopbackOnly && !await stored.AnyKeysAsync(http.RequestAborted))
        {
            if (IsLoopback(http))
            {
                context.CallerKeyId = "loopback";
                return null;
            }

            return new GodexError(401, "auth.no_keys_configured",
                "This gateway has no client keys configured, so it only accepts requests from this machine. Configure 'keys' (or --api-key / GODEX_PROXY_API_KEY, or `godex keys add`), or start it with --allow-any-key.");
        }

        if (presented.Refusal is { } refusal)
        {
            return refusal;
        }

        if (presented.Key is not { } key)
        {
            return MissingKey;
        }

        var index = keys.Match(key);
        if (index < 0)
        {
            return InvalidKey; // the admin key too: it stays off the data plane, where clients hold keys
        }

        context.CallerKeyId = $"key-{index}";
        context.StateOwner = keys.Owner(index);
        context.Limits = keys.Limits(index);
        return null;
    }

    private async ValueTask<GodexError?> StoredAsync(string presented, GatewayContext context, CancellationToken cancellationToken)
    {
        if (await stored.FindAsync(stored.Digest(presented), cancellationToken) is not { } active)
        {
            return InvalidKey;
        }

        if (active.Key.Refusal(time.GetUtcNow(), active.Previous) is { } refusal)
        {
            return new GodexError(401, "auth.key_" + refusal, refusal == "rotated"
                ? $"This secret of key {active.Key.Id} was rotated and its grace period is over; use the new secret."
                : $"API key {active.Key.Id} is {refusal}.");
        }

        context.CallerKeyId = active.Key.Id;
        context.StateOwner = active.Key.StateOwner;
        context.Limits = active.Limits;
        context.UpstreamKeys = active.UpstreamKeys;
        return null;
    }

    private async ValueTask<GodexError?> AdminAsync(HttpContext http, GatewayContext context)
    {
        if (!admins.Configured)
        {
            // No admin key: the operator's views stay on this machine.
            if (IsLoopback(http))
            {
                context.CallerKeyId = "loopback";
                return null;
            }

            return new GodexError(403, "auth.admin_not_configured",
                "Admin endpoints accept only requests from this machine until an admin key is configured ('admin_keys' or GODEX_ADMIN_KEY).");
        }

        var (presented, refusal) = PresentedKey.From(http.Request);
        if (refusal is not null)
        {
            return refusal;
        }

        if (presented is null)
        {
            return MissingKey;
        }

        if (admins.Matches(presented))
        {
            context.CallerKeyId = "admin";
            return null;
        }

        // Only a key that works elsewhere is told it is the wrong kind; a revoked one is just invalid.
        var client = keys.Match(presented) >= 0
            || (IsStoredKey(presented) && await stored.FindAsync(stored.Digest(presented), http.RequestAborted) is { } active && active.Key.Refusal(time.GetUtcNow(), active.Previous) is null);
        return client
            ? new GodexError(403, "auth.admin_required", "This endpoint needs an admin key; a client key cannot use it.")
            : InvalidKey;
    }

    private static bool IsStoredKey(string presented) => presented.StartsWith("gxk_", StringComparison.Ordinal);

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    private static readonly GodexError MissingKey = new(401, "auth.missing_key",
        "No API key provided. Send it as 'Authorization: Bearer <key>', 'x-api-key', 'x-goog-api-key' or '?key='.");

    private static readonly GodexError InvalidKey = new(401, "auth.invalid_key", "Incorrect API key provided.");
}
