using Godex.Gateway.Configuration;
using Godex.Gateway.Specs;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>Builds the credential source a provider's config and spec describe: its login where the spec names one, else its API key.</summary>
public static class CredentialSources
{
    public static ICredentialSource For(ProviderConfig config, ProviderSpec spec, OAuthCredentialSource? login) =>
        login ?? (ICredentialSource)new ApiKeyCredentials(config.Name, config.ApiKey, KeyScheme(spec));

    /// <summary>
    /// How the key is sent: as the spec says; a preset that needs no key (a local server) still sends one
    /// it is given, the way its protocol family does.
    /// </summary>
    public static AuthScheme KeyScheme(ProviderSpec spec) =>
        spec.Auth != AuthScheme.None ? spec.Auth : BuiltInSpecs.For(spec.Family).Auth is var family && family != AuthScheme.None ? family : AuthScheme.Bearer;

    public static OAuthCredentialSource Create(ProviderConfig config, SubscriptionLogin login, IHttpClientFactory httpClients, TimeProvider time, ILogger logger, Func<string, string?> environment)
    {
        var (path, location) = TokenPath(config.AuthPath, login, environment);
        var refresh = config.AllowRefresh ?? login.RefreshByDefault;
        var endpoint = new TokenEndpointOptions(new Uri(config.TokenUrl ?? login.TokenUrl), login.ClientId)
        {
            ClientSecret = login.ClientSecret,
            Scope = login.Scope,
            FormEncoded = login.FormEncoded,
        };
        return new OAuthCredentialSource(new TokenFile(path, location), Layout(login.Layout), new OAuthSourceOptions
        {
            Provider = config.Name,
            LoginCommand = login.LoginCommand,
            Refresh = refresh ? new TokenEndpoint(endpoint, httpClients) : null,
            RefreshAhead = login.RefreshAhead,
            EnableRefreshHint = refresh ? null : $"start Godex with --allow-refresh (or set providers.{config.Name}.allow_refresh: true) so it refreshes the token itself",
        }, time, logger);
    }

    /// <summary>The file to read, and how to name it: the configured path, else the CLI's home variable, else the default.</summary>
    public static (string Path, string Location) TokenPath(string? configured, SubscriptionLogin login, Func<string, string?> environment)
    {
        if (configured is null && login.HomeVariable is { } variable && environment(variable) is { Length: > 0 } home)
        {
            var name = Path.GetFileName(login.DefaultPath);
            return (Path.Combine(home, name), $"${variable}/{name}");
        }

        var location = configured ?? login.DefaultPath;
        var path = location == "~" || location.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), location.TrimStart('~').TrimStart('/'))
            : location;
        return (path, location);
    }

    private static ITokenFileFormat Layout(TokenFileLayout layout) => layout switch
    {
        TokenFileLayout.CodexAuth => new CodexAuthFormat(),
        TokenFileLayout.ClaudeCodeCredentials => new ClaudeCredentialsFormat(),
        TokenFileLayout.GeminiOAuthCreds => new GeminiOAuthCredsFormat(),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };
}
