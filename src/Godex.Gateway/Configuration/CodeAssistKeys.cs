using Godex.Gateway.Specs;

using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>Checks the keys of the Code Assist providers (gemini-cli, antigravity): hosts, token_url, auth_path, project.</summary>
internal static class CodeAssistKeys
{
    public static void Validate(ProviderConfig provider, string path, Func<string, YamlNode> node, ConfigLoader loader)
    {
        if (!CodeAssistPresets.Is(provider.Type))
        {
            foreach (var (key, set) in new[] { ("project", provider.Project is not null), ("hosts", provider.Hosts.Count > 0) })
            {
                if (set)
                {
                    throw loader.Error(node(key), $"{path}.{key}", $"applies to types {CodeAssistPresets.GeminiCli} and {CodeAssistPresets.Antigravity} only.");
                }
            }

            return;
        }

        foreach (var host in provider.Hosts)
        {
            if (!IsHttpUrl(host))
            {
                throw loader.Error(node("hosts"), path + ".hosts", $"'{host}' is not an absolute http(s) URL.");
            }
        }

        if (provider.AuthPath is null && CodeAssistPresets.For(provider.Type).RequiresAuthPath)
        {
            throw loader.Error(node("auth_path"), path + ".auth_path", $"is required for type {provider.Type}: the token file of its Google login (access_token, refresh_token, expiry_date).");
        }

        if (provider.Project is { Length: 0 } || provider.AuthPath is { Length: 0 })
        {
            throw loader.Error(node(provider.Project is { Length: 0 } ? "project" : "auth_path"), path, "project and auth_path must not be empty.");
        }
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
