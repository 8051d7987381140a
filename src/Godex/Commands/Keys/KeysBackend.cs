using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Security.Keys;
using Godex.Gateway.Storage;

namespace Godex.Commands.Keys;

/// <summary>Where `godex keys` makes its changes: the store itself (the config's storage), or a running gateway's admin API.</summary>
internal interface IKeysBackend : IDisposable
{
    Task<IReadOnlyList<KeyView>> ListAsync(CancellationToken cancellationToken);
    Task<KeyView> GetAsync(string id, CancellationToken cancellationToken);
    Task<KeyView> CreateAsync(KeyChange change, CancellationToken cancellationToken);
    Task<KeyView> UpdateAsync(string id, KeyChange change, CancellationToken cancellationToken);
    Task<KeyView> RevokeAsync(string id, CancellationToken cancellationToken);
    Task<KeyView> RotateAsync(string id, string? grace, CancellationToken cancellationToken);
    Task<KeyView> ResetUsageAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The store the server uses, opened from the config file (the key secret from the same data folder or GODEX_KEY_SECRET).</summary>
internal sealed class StoreKeys(KeyManager manager) : IKeysBackend
{
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public static async Task<StoreKeys> OpenAsync(GodexConfig config, CancellationToken cancellationToken)
    {
        var store = new SqlKeyStore(StorageFactory.Create(config));
        await store.MigrateAsync(cancellationToken);
        return new StoreKeys(new KeyManager(store, KeySecret.Load(StorageFactory.DataFolder(config), Environment.GetEnvironmentVariable), TimeProvider.System));
    }

    public async Task<IReadOnlyList<KeyView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await manager.ListAsync(cancellationToken)).Select(key => KeyView.Of(key, Now))];

    public async Task<KeyView> GetAsync(string id, CancellationToken cancellationToken) => KeyView.Of(await manager.GetAsync(id, cancellationToken), Now);

    public async Task<KeyView> CreateAsync(KeyChange change, CancellationToken cancellationToken)
    {
        var (key, secret) = await manager.CreateAsync(change, cancellationToken);
        return KeyView.Of(key, Now, secret);
    }

    public async Task<KeyView> UpdateAsync(string id, KeyChange change, CancellationToken cancellationToken) => KeyView.Of(await manager.UpdateAsync(id, change, cancellationToken), Now);

    public async Task<KeyView> RevokeAsync(string id, CancellationToken cancellationToken) => KeyView.Of(await manager.RevokeAsync(id, cancellationToken), Now);

    public async Task<KeyView> RotateAsync(string id, string? grace, CancellationToken cancellationToken)
    {
        if (!KeyManager.TryParseGrace(grace, out var span))
        {
            throw new KeyStoreException(400, "keys.invalid", $"--grace '{grace}' is not a duration (e.g. 24h, 30m, 0).");
        }

        var (key, secret) = await manager.RotateAsync(id, span, cancellationToken);
        return KeyView.Of(key, Now, secret);
    }

    public async Task<KeyView> ResetUsageAsync(string id, CancellationToken cancellationToken) => KeyView.Of(await manager.ResetUsageAsync(id, cancellationToken), Now);

    public void Dispose()
    {
    }
}

/// <summary>A running gateway's `/admin/api/keys`, with the admin key.</summary>
internal sealed class GatewayKeys : IKeysBackend
{
    private readonly HttpClient _http;

    public GatewayKeys(string gateway, string adminKey)
    {
        _http = new HttpClient { BaseAddress = new Uri(gateway.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    public async Task<IReadOnlyList<KeyView>> ListAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "admin/api/keys", null, KeyJsonContext.Default.KeyList, cancellationToken)).Data;

    public Task<KeyView> GetAsync(string id, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, Path(id), null, cancellationToken);

    public Task<KeyView> CreateAsync(KeyChange change, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "admin/api/keys", JsonContent.Create(change, KeyJsonContext.Default.KeyChange), cancellationToken);

    public Task<KeyView> UpdateAsync(string id, KeyChange change, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, Path(id), JsonContent.Create(change, KeyJsonContext.Default.KeyChange), cancellationToken);

    public Task<KeyView> RevokeAsync(string id, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, Path(id), null, cancellationToken);

    public Task<KeyView> RotateAsync(string id, string? grace, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Path(id) + "/rotate", JsonContent.Create(new KeyRotation { Grace = grace }, KeyJsonContext.Default.KeyRotation), cancellationToken);

    public Task<KeyView> ResetUsageAsync(string id, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, Path(id) + "/reset-usage", null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private static string Path(string id) => "admin/api/keys/" + Uri.EscapeDataString(id);

    private Task<KeyView> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, KeyJsonContext.Default.KeyView, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var message = text;
            try
            {
                message = JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("message").GetString() ?? text;
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
            }

            throw new KeyStoreException((int)response.StatusCode, "keys.gateway", $"the gateway answered {(int)response.StatusCode}: {message}");
        }

        return JsonSerializer.Deserialize(text, type)!;
    }
}
