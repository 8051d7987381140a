using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Godex.Gateway.Security.Keys;
using Godex.Wire;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.Admin;

/// <summary>
/// The key store over HTTP, for `godex keys --gateway`: `GET/POST /admin/api/keys`,
/// `GET/PATCH/DELETE /admin/api/keys/{id}` (DELETE revokes; the row stays for the record),
/// `POST /admin/api/keys/{id}/rotate` and `POST /admin/api/keys/{id}/reset-usage`. A secret appears
/// only in the answer that created or rotated it.
/// </summary>
public static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapKeysAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/api/keys", ListAsync);
        routes.MapPost("/admin/api/keys", CreateAsync);
        routes.MapGet("/admin/api/keys/{id}", GetAsync);
        routes.MapMethods("/admin/api/keys/{id}", ["PATCH"], UpdateAsync);
        routes.MapDelete("/admin/api/keys/{id}", RevokeAsync);
        routes.MapPost("/admin/api/keys/{id}/rotate", RotateAsync);
        routes.MapPost("/admin/api/keys/{id}/reset-usage", ResetUsageAsync);
        return routes;
    }

    private static async Task ListAsync(HttpContext http, KeyManager keys, TimeProvider time)
    {
        var all = await keys.ListAsync(http.RequestAborted);
        await Write(http, new KeyList([.. all.Select(key => KeyView.Of(key, time.GetUtcNow()))]), KeyJsonContext.Default.KeyList);
    }

    private static async Task CreateAsync(HttpContext http, KeyManager keys, TimeProvider time)
    {
        var change = await ReadAsync(http, KeyJsonContext.Default.KeyChange);
        var (key, secret) = await Run(() => keys.CreateAsync(change, http.RequestAborted));
        http.Response.StatusCode = 201;
        await Write(http, KeyView.Of(key, time.GetUtcNow(), secret), KeyJsonContext.Default.KeyView);
    }

    private static async Task GetAsync(HttpContext http, string id, KeyManager keys, TimeProvider time) =>
        await View(http, await Run(() => keys.GetAsync(id, http.RequestAborted)), time);

    private static async Task UpdateAsync(HttpContext http, string id, KeyManager keys, TimeProvider time)
    {
        var change = await ReadAsync(http, KeyJsonContext.Default.KeyChange);
        await View(http, await Run(() => keys.UpdateAsync(id, change, http.RequestAborted)), time);
    }

    private static async Task RevokeAsync(HttpContext http, string id, KeyManager keys, TimeProvider time) =>
        await View(http, await Run(() => keys.RevokeAsync(id, http.RequestAborted)), time);

    private static async Task ResetUsageAsync(HttpContext http, string id, KeyManager keys, TimeProvider time) =>
        await View(http, await Run(() => keys.ResetUsageAsync(id, http.RequestAborted)), time);

    private static async Task RotateAsync(HttpContext http, string id, KeyManager keys, TimeProvider time)
    {
        var rotation = http.Request.ContentLength is > 0 ? await ReadAsync(http, KeyJsonContext.Default.KeyRotation) : new KeyRotation();
        if (!KeyManager.TryParseGrace(rotation.Grace, out var grace))
        {
            throw new GodexException(GodexError.BadRequest($"grace '{rotation.Grace}' is not a duration (e.g. 24h, 30m, 0).", "grace"));
        }

        var (key, secret) = await Run(() => keys.RotateAsync(id, grace, http.RequestAborted));
        await Write(http, KeyView.Of(key, time.GetUtcNow(), secret), KeyJsonContext.Default.KeyView);
    }

    private static Task View(HttpContext http, StoredKey key, TimeProvider time) => Write(http, KeyView.Of(key, time.GetUtcNow()), KeyJsonContext.Default.KeyView);

    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (KeyStoreException exception)
        {
            throw new GodexException(new GodexError(exception.Status, exception.Code, exception.Message));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted)
                ?? throw new GodexException(GodexError.BadRequest("The body must be a JSON object.", null));
        }
        catch (JsonException exception)
        {
            throw new GodexException(GodexError.BadRequest($"The body is not valid JSON for this endpoint: {exception.Message}", exception.Path));
        }
    }

    private static async Task Write<T>(HttpContext http, T value, JsonTypeInfo<T> type)
    {
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, type, http.RequestAborted);
    }
}
