using Godex.Gateway.Specs;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>Puts a credential on an upstream request, in the header its scheme names, with the headers that go with it.</summary>
public static class CredentialHeaders
{
    public static void Apply(HttpRequestMessage message, Credential credential)
    {
        var (name, value) = credential.Scheme switch
        {
            AuthScheme.XApiKey => ("x-api-key", credential.AccessToken),
            AuthScheme.XGoogApiKey => ("x-goog-api-key", credential.AccessToken),
            AuthScheme.None => (null, null),
            _ => ("Authorization", "Bearer " + credential.AccessToken),
        };
        if (name is not null && !(credential.GivesWayToConfiguredHeaders && message.Headers.Contains(name)))
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        foreach (var header in credential.Headers)
        {
            var headerValue = header.Value;
            if (header.Merge && message.Headers.TryGetValues(header.Name, out var existing))
            {
                var values = existing.SelectMany(item => item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                headerValue = values.Contains(header.Value, StringComparer.OrdinalIgnoreCase) ? string.Join(",", values) : string.Join(",", [header.Value, .. values]);
            }

            message.Headers.Remove(header.Name);
            message.Headers.TryAddWithoutValidation(header.Name, headerValue);
        }
    }
}
