using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>How a login's token endpoint takes a refresh (RFC 6749 section 6): where, as which client, and in which body form.</summary>
public sealed record TokenEndpointOptions(Uri Url, string ClientId)
{
    /// <summary>Google's installed-app clients send their (public) secret too.</summary>
    public string? ClientSecret { get; init; }

    public string? Scope { get; init; }

    /// <summary>`application/x-www-form-urlencoded` (Google) rather than a JSON body (OpenAI, Anthropic).</summary>
    public bool FormEncoded { get; init; }
}

/// <summary>
/// Exchanges a refresh token for new tokens. A refusal of the refresh token itself (`invalid_grant`,
/// OpenAI's `refresh_token_expired|reused|invalidated`, any 401) is permanent: only logging in again
/// helps. Anything else (unreachable, 5xx, a malformed answer) is transient. Token values never appear
/// in an exception's message: only the endpoint's error code and description do.
/// </summary>
public sealed class TokenEndpoint(TokenEndpointOptions options, IHttpClientFactory httpClients)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] RefusedCodes = ["invalid_grant", "refresh_token_expired", "refresh_token_reused", "refresh_token_invalidated"];

    public Uri Url => options.Url;

    public async Task<TokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = Body(refreshToken) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await httpClients.CreateClient(UpstreamHttp.ClientName).SendAsync(request, timeout.Token);
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (HttpRequestException exception)
        {
            throw new TokenRefreshException(permanent: false, $"{options.Url} is unreachable: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TokenRefreshException(permanent: false, $"{options.Url} did not answer within {Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var (code, description) = ReadError(body);
                var refused = response.StatusCode == HttpStatusCode.Unauthorized || (code is not null && RefusedCodes.Contains(code, StringComparer.OrdinalIgnoreCase));
                var detail = $"HTTP {(int)response.StatusCode}" + (code is null ? "" : $" {code}") + (description is null ? "" : $": {description}");
                throw new TokenRefreshException(refused, detail);
            }

            TokenResponse? tokens = null;
            try
            {
                tokens = JsonSerializer.Deserialize(body, CredentialJsonContext.Default.TokenResponse);
            }
            catch (JsonException)
            {
                // reported below
            }

            return tokens is { AccessToken.Length: > 0 }
                ? tokens
                : throw new TokenRefreshException(permanent: false, $"{options.Url} answered without an access_token");
        }
    }

    private HttpContent Body(string refreshToken)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", options.ClientId),
        };
        if (options.ClientSecret is { } secret)
        {
            fields.Add(new("client_secret", secret));
        }

        if (options.Scope is { } scope)
        {
            fields.Add(new("scope", scope));
        }

        if (options.FormEncoded)
        {
            return new FormUrlEncodedContent(fields);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return new ReadOnlyMemoryContent(buffer.WrittenMemory) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
    }

    /// <summary>RFC 6749's `{"error":"invalid_grant","error_description":...}`, or OpenAI's `{"error":{"code","message"}}`.</summary>
    private static (string? Code, string? Description) ReadError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var description = Text(root, "error_description");
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (error.GetString(), description);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return (Text(error, "code") ?? Text(error, "type"), Text(error, "message") ?? description);
                }
            }

            return (Text(root, "code"), description ?? Text(root, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A token endpoint's answer; the refresh and id tokens are absent when the endpoint keeps the old ones.</summary>
public sealed record TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("id_token")]
    public string? IdToken { get; init; }

    /// <summary>Seconds the new access token lives.</summary>
    [JsonPropertyName("expires_in")]
    public double? ExpiresIn { get; init; }

    public override string ToString() => $"TokenResponse (expires in {ExpiresIn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s)";
}

/// <summary>A refresh that failed; <see cref="Permanent"/> when the refresh token itself was refused.</summary>
public sealed class TokenRefreshException(bool permanent, string detail) : Exception(detail)
{
    public bool Permanent { get; } = permanent;
}

[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class CredentialJsonContext : JsonSerializerContext;
