using Godex.Gateway.Specs;

using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>Checks what the shape alone cannot: known types, usable URLs, routing that names real providers.</summary>
internal static class ConfigValidator
{
    public static void Validate(GodexConfig config, YamlMappingNode root, ConfigLoader loader)
    {
        if (config.Listen is { } listen && !ListenAddress.TryParse(listen, out _, out var problem))
        {
            throw loader.Error(Node(root, "listen"), "listen", problem);
        }

        if (config.LogLevel is { } level && !LogLevels.TryParse(level, out _))
        {
            throw loader.Error(Node(root, "log_level"), "log_level", $"'{level}' is not one of {LogLevels.Names}.");
        }

        foreach (var provider in config.Providers.Values)
        {
            ValidateProvider(provider, root, loader);
        }

        var routing = config.Routing;
        if (routing.Default is { } fallback && !config.Providers.ContainsKey(fallback))
        {
            throw loader.Error(Node(root, "routing", "default"), "routing.default", $"names provider '{fallback}', which is not under 'providers'.");
        }

        foreach (var provider in routing.Patterns.Keys)
        {
            if (!config.Providers.ContainsKey(provider))
            {
                throw loader.Error(Node(root, "routing", "patterns", provider), $"routing.patterns.{provider}", $"'{provider}' is not under 'providers'.");
            }
        }

        foreach (var (alias, target) in routing.Aliases)
        {
            ValidateTargets([target], modelRequired: true, Node(root, "routing", "aliases", alias), $"routing.aliases.{alias}", config, loader);
        }

        foreach (var (alias, targets) in routing.AliasPools)
        {
            ValidateTargets(targets, modelRequired: true, Node(root, "routing", "aliases", alias), $"routing.aliases.{alias}", config, loader);
        }

        foreach (var (from, targets) in routing.Fallbacks)
        {
            ValidateTargets([.. targets.Select(target => target.To)], modelRequired: false, Node(root, "routing", "fallbacks", from), $"routing.fallbacks.{from}", config, loader);
        }
    }

    /// <summary>Each target is provider/model (or, where the model may be kept, a bare provider) naming a configured provider.</summary>
    private static void ValidateTargets(IReadOnlyList<string> targets, bool modelRequired, YamlNode node, string key, GodexConfig config, ConfigLoader loader)
    {
        if (targets.Count == 0)
        {
            throw loader.Error(node, key, "needs at least one target.");
        }

        foreach (var target in targets)
        {
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            if (slash == 0 || slash == target.Length - 1 || (modelRequired && slash < 0))
            {
                throw loader.Error(node, key, modelRequired ? $"'{target}' must be provider/model." : $"'{target}' must be provider/model or a provider.");
            }

            var provider = slash < 0 ? target : target[..slash];
            if (!config.Providers.ContainsKey(provider))
            {
                throw loader.Error(node, key, $"names provider '{provider}', which is not under 'providers'.");
            }
        }
    }

    private static void ValidateProvider(ProviderConfig provider, YamlMappingNode root, ConfigLoader loader)
    {
        var path = $"providers.{provider.Name}";
        if (Array.IndexOf(ProviderTypes.Known, provider.Type) < 0)
        {
            throw loader.Error(Node(root, "providers", provider.Name, "type"), path + ".type", $"type '{provider.Type}' is not one of {string.Join(", ", ProviderTypes.Known)}.");
        }

        ValidateLogin(provider, root, loader);
        if (provider.Type == ProviderTypes.Mock)
        {
            return;
        }

        if (provider.Type == ProviderTypes.ClaudeCodeCli)
        {
            ValidateProcessProvider(provider, root, loader);
            return;
        }

        foreach (var (key, set) in ProcessKeys(provider))
        {
            if (set)
            {
                throw loader.Error(Node(root, "providers", provider.Name, key), $"{path}.{key}", $"applies only to type {ProviderTypes.ClaudeCodeCli} (a local process), not {provider.Type}.");
            }
        }

        // Presets know their host; a bare protocol family must be told where to send prompts.
        if (provider.BaseUrl is null && BuiltInSpecs.For(provider.Type).BaseUrl is null)
        {
            throw loader.Error(Node(root, "providers", provider.Name), path + ".base_url", $"is required for type {provider.Type} (e.g. {ExampleBaseUrl(provider.Type)}).");
        }

        if (provider.BaseUrl is not null
            && (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw loader.Error(Node(root, "providers", provider.Name, "base_url"), path + ".base_url", $"'{provider.BaseUrl}' is not an absolute http(s) URL.");
        }

        if (provider.Stateful && BuiltInSpecs.For(provider.Type).Family != ProviderTypes.OpenAIResponses)
        {
            throw loader.Error(Node(root, "providers", provider.Name, "stateful"), path + ".stateful",
                $"only a Responses upstream (family {ProviderTypes.OpenAIResponses}) keeps conversations by previous_response_id; {provider.Type} is sent the whole conversation.");
        }

        if (provider.Stateful && !BuiltInSpecs.For(provider.Type).Stores)
        {
            throw loader.Error(Node(root, "providers", provider.Name, "stateful"), path + ".stateful",
                $"type {provider.Type} keeps no responses (it takes only store: false), so it is always sent the whole conversation.");
        }

        CodeAssistKeys.Validate(provider, path, key => Node(root, "providers", provider.Name, key), loader);

        if (provider.MaxTokensField is not (null or "max_tokens" or "max_completion_tokens"))
        {
            throw loader.Error(Node(root, "providers", provider.Name, "max_tokens_field"), path + ".max_tokens_field", "must be max_tokens or max_completion_tokens.");
        }
    }

    /// <summary>auth_path, token_url and allow_refresh belong to subscription providers, which take no api_key.</summary>
    private static void ValidateLogin(ProviderConfig provider, YamlMappingNode root, ConfigLoader loader)
    {
        var path = $"providers.{provider.Name}";
        var login = BuiltInSpecs.For(provider.Type).Login;
        if (login is null)
        {
            var subscriptions = string.Join(", ", BuiltInSpecs.All.Where(spec => spec.Login is not null).Select(spec => spec.Name));
            foreach (var (name, set) in new[] { ("auth_path", provider.AuthPath is not null), ("token_url", provider.TokenUrl is not null), ("allow_refresh", provider.AllowRefresh is not null) })
            {
                if (set)
                {
                    throw loader.Error(Node(root, "providers", provider.Name, name), $"{path}.{name}", $"applies only to subscription logins (type {subscriptions}), not to type {provider.Type}.");
                }
            }

            return;
        }

        if (ConfigLoader.Child(Mapping(root, "providers", provider.Name), "api_key") is { } key)
        {
            throw loader.Error(key, path + ".api_key", $"is not used by type {provider.Type}: it signs in with the login `{login.LoginCommand}` saves (auth_path, default {login.DefaultPath}).");
        }

        if (provider.TokenUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw loader.Error(Node(root, "providers", provider.Name, "token_url"), path + ".token_url", $"'{url}' is not an absolute http(s) URL.");
        }
    }

    private static YamlMappingNode Mapping(YamlMappingNode root, params string[] path) => (YamlMappingNode)Node(root, path);

    /// <summary>A local process provider: no URL or key of its own (the CLI brings its own login), positive limits.</summary>
    private static void ValidateProcessProvider(ProviderConfig provider, YamlMappingNode root, ConfigLoader loader)
    {
        var path = $"providers.{provider.Name}";
        if (provider.BaseUrl is not null || provider.ApiKey is not null)
        {
            var key = provider.BaseUrl is not null ? "base_url" : "api_key";
            throw loader.Error(Node(root, "providers", provider.Name, key), $"{path}.{key}",
                $"does not apply to type {ProviderTypes.ClaudeCodeCli}: the CLI uses its own login; to point it elsewhere set env: {{ ANTHROPIC_BASE_URL: ..., ANTHROPIC_API_KEY: ... }}.");
        }

        if (provider.Headers.Count > 0 || provider.Stateful || provider.MaxTokensField is not null || provider.DeveloperRole is not null || provider.ReasoningReplayField is not null)
        {
            throw loader.Error(Node(root, "providers", provider.Name), path,
                $"type {ProviderTypes.ClaudeCodeCli} takes command, args, env, models, timeout_seconds and max_concurrency; headers, stateful and request shaping keys do not apply.");
        }

        if (provider.Command is { Length: 0 })
        {
            throw loader.Error(Node(root, "providers", provider.Name, "command"), path + ".command", "must name the claude executable (a path, or a name on PATH).");
        }
    }

    private static (string Key, bool Set)[] ProcessKeys(ProviderConfig provider) =>
        [("command", provider.Command is not null), ("args", provider.Args.Count > 0), ("env", provider.Environment.Count > 0), ("max_concurrency", provider.MaxConcurrency is not null)];

    /// <summary>What each family's base_url looks like: OpenAI families include /v1; Anthropic and Gemini are the host root.</summary>
    private static string ExampleBaseUrl(string type) => type switch
    {
        ProviderTypes.Anthropic => "https://api.anthropic.com",
        ProviderTypes.Gemini => "https://generativelanguage.googleapis.com",
        ProviderTypes.OpenAIResponses => "https://api.openai.com/v1",
        _ => "http://127.0.0.1:8000/v1",
    };

    /// <summary>The deepest existing node along a path, so an error points as close to the fault as it can.</summary>
    private static YamlNode Node(YamlMappingNode root, params string[] path)
    {
        YamlNode current = root;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || ConfigLoader.Child(map, key) is not { } next)
            {
                break;
            }

            current = next;
        }

        return current;
    }
}
