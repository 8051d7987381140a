namespace Godex.Gateway.Providers.Credentials;

/// <summary>Puts a credential on an upstream request: the bearer token, its headers, and no API key beside it.</summary>
public static class CredentialHeaders
{
    private static readonly string[] KeyHeaders = ["x-api-key", "x-goog-api-key"];

    public static void Apply(HttpRequestMessage message, Credential credential)
    {
        // A login replaces any key the protocol put on (a client's X-Provider-Key included).
        foreach (var name in KeyHeaders)
        {
            message.Headers.Remove(name);
        }

        message.Headers.Remove("Authorization");
        message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credential.AccessToken);
        foreach (var header in credential.Headers)
        {
            var value = header.Value;
            if (header.Merge && message.Headers.TryGetValues(header.Name, out var existing))
            {
                var values = existing.SelectMany(item => item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                value = values.Contains(header.Value, StringComparer.OrdinalIgnoreCase) ? string.Join(",", values) : string.Join(",", [header.Value, .. values]);
            }

            message.Headers.Remove(header.Name);
            message.Headers.TryAddWithoutValidation(header.Name, value);
        }
    }
}
