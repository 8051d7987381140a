using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>
/// Reads godex.yaml. Works on YamlDotNet's node tree rather than its deserializer so every error
/// can name the file, line and key, and so `${ENV}` interpolation knows which key a variable feeds.
/// </summary>
public sealed partial class ConfigLoader(Func<string, string?> environment)
{
    private static readonly string[] TopLevelKeys = ["listen", "keys", "admin_keys", "allow_any_key", "default_model", "log_level", "log_requests", "limits", "providers", "routing", "storage", "trace", "sessions", "prices", "log_format", "otlp_endpoint", "models", "shutdown_timeout", "watch_config", "cors", "tls"];
    private static readonly string[] ProviderKeys = ["type", "base_url", "api_key", "models", "headers", "timeout_seconds", "max_tokens_field", "developer_role", "reasoning_replay_field", "stateful", "discover_models", "auth_path", "token_url", "allow_refresh", "command", "args", "env", "max_concurrency", "project", "hosts", "pool", "fault", "first_token_timeout_seconds", "idle_timeout_seconds", "max_response_bytes", "max_event_bytes"];
    private static readonly string[] RoutingKeys = ["default", "patterns", "aliases", "fallbacks", "strategy", "retries", "health", "commit"];

    private readonly List<string> _warnings = [];
    private string _file = "";

    public static ConfigLoader FromProcess() => new(Environment.GetEnvironmentVariable);

    /// <summary>The config file to use: the explicit path, else ./godex.yaml, else ~/.config/godex/config.yaml, else none.</summary>
    public static string? Locate(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath) ? explicitPath : throw new ConfigException($"{explicitPath}: config file not found.");
        }

        if (File.Exists("godex.yaml"))
        {
            return Path.GetFullPath("godex.yaml");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var user = Path.Combine(home, ".config", "godex", "config.yaml");
        return File.Exists(user) ? user : null;
    }

    public GodexConfig LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file: {exception.Message}");
        }

        return Load(text, path);
    }

    public GodexConfig Load(string yaml, string file)
    {
        _file = file;
        _warnings.Clear();
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(EnvInterpolation.ProtectForYaml(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException exception)
        {
            throw new ConfigException($"{file}:{exception.Start.Line}:{exception.Start.Column}: not valid YAML: {exception.Message}");
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner fails this way, without a position, on e.g. an unclosed '[' followed by more
            // lines, or a stray ':' that leaves its node builder an event it does not expect.
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new ConfigException($"{file}:{mark.Line}:{mark.Column}: not valid YAML: syntax error after this point (an unclosed '[', '{{' or quote?).");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new GodexConfig { Source = file };
        }

        var root = Mapping(stream.Documents[0].RootNode, "(top level)");
        CheckKeys(root, TopLevelKeys, "");
        var (keys, keyLimits) = ReadKeys(root);
        var config = new GodexConfig
        {
            Source = file,
            Listen = OptionalString(root, "listen"),
            Keys = keys,
            KeyLimits = keyLimits,
            AdminKeys = ReadAdminKeys(root),
            AllowAnyKey = OptionalBool(root, "allow_any_key"),
            DefaultModel = OptionalString(root, "default_model"),
            LogLevel = OptionalString(root, "log_level"),
            LogRequests = OptionalBool(root, "log_requests"),
            Limits = ReadLimits(root),
            Cors = ReadCors(root),
            Tls = ReadTls(root),
            Providers = ReadProviders(root),
            Routing = ReadRouting(root),
            Models = ReadModels(root),
            Storage = ReadStorage(root),
            Trace = ReadTrace(root),
            Sessions = ReadSessions(root),
            Prices = ReadPrices(root),
            LogFormat = OptionalString(root, "log_format"),
            OtlpEndpoint = OptionalString(root, "otlp_endpoint"),
            ShutdownTimeout = Duration(root, "shutdown_timeout", "") ?? GodexConfig.DefaultShutdownTimeout,
            WatchConfig = OptionalBool(root, "watch_config") ?? true,
        };
        ConfigValidator.Validate(config, root, this);
        return config with { Warnings = [.. _warnings] };
    }

    internal ConfigException Error(YamlNode node, string key, string problem) => ConfigException.At(_file, node.Start, key, problem);

    /// <summary>The value of a key; a key left empty (`routing:` with its entries commented out) counts as absent.</summary>
    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" };

    private Dictionary<string, ProviderConfig> ReadProviders(YamlMappingNode root)
    {
        var providers = new Dictionary<string, ProviderConfig>(StringComparer.Ordinal);
        if (Child(root, "providers") is not { } node)
        {
            return providers;
        }

        foreach (var (keyNode, valueNode) in Mapping(node, "providers").Children)
        {
            var name = KeyName(keyNode, "providers");
            var path = $"providers.{name}";
            if (!ProviderNames.IsValid(name))
            {
                throw Error(keyNode, path, "provider names use lower-case letters, digits, '-' and '_' (they appear in URLs as /{provider}/v1/...).");
            }

            var map = Mapping(valueNode, path);
            CheckKeys(map, ProviderKeys, path + ".");
            var type = OptionalString(map, "type", path) ?? throw Error(valueNode, path + ".type", $"is required (one of {string.Join(", ", ProviderTypes.Known)}).");
            string? skip = null;
            string? apiKey = null;
            var preset = Specs.BuiltInSpecs.IsPreset(type) ? Specs.BuiltInSpecs.For(type) : null;
            if (Child(map, "api_key") is null && Child(map, "pool") is null && preset is { KeyEnvironment: { } keyVariable, Auth: not Specs.AuthScheme.None })
            {
                // A preset with no api_key takes its usual variable (DEEPSEEK_API_KEY, ...).
                apiKey = environment(keyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
                if (apiKey is null)
                {
                    skip = $"${keyVariable} is not set";
                    _warnings.Add($"{_file}:{valueNode.Start.Line}: provider '{name}' is skipped because {skip}.");
                }
            }
            else if (Child(map, "api_key") is { } keyValue)
            {
                (apiKey, skip) = Secret(keyValue, path + ".api_key", $"provider '{name}' is skipped");
            }

            providers[name] = new ProviderConfig
            {
                Name = name,
                Type = type,
                BaseUrl = OptionalString(map, "base_url", path),
                ApiKey = apiKey,
                Models = StringList(map, "models", path),
                Headers = StringMap(map, "headers", path),
                TimeoutSeconds = OptionalSeconds(map, "timeout_seconds", path),
                MaxTokensField = OptionalString(map, "max_tokens_field", path),
                DeveloperRole = OptionalBool(map, "developer_role", path),
                ReasoningReplayField = OptionalString(map, "reasoning_replay_field", path),
                Stateful = OptionalBool(map, "stateful", path) ?? false,
                DiscoverModels = OptionalBool(map, "discover_models", path) ?? preset?.ListsModels ?? true,
                AuthPath = OptionalString(map, "auth_path", path),
                TokenUrl = OptionalString(map, "token_url", path),
                AllowRefresh = OptionalBool(map, "allow_refresh", path),
                Command = OptionalString(map, "command", path),
                Args = StringList(map, "args", path),
                Environment = StringMap(map, "env", path),
                MaxConcurrency = OptionalInt(map, "max_concurrency", path),
                SkipReason = skip,
                Project = OptionalString(map, "project", path),
                Hosts = StringList(map, "hosts", path),
                Pool = ReadPool(map, path),
                Fault = ReadFault(map, path),
                FirstTokenTimeoutSeconds = OptionalSeconds(map, "first_token_timeout_seconds", path),
                IdleTimeoutSeconds = OptionalSeconds(map, "idle_timeout_seconds", path),
                MaxResponseBytes = Child(map, "max_response_bytes") is { } maxResponse ? ByteSize(maxResponse, $"{path}.max_response_bytes") : null,
                MaxEventBytes = Child(map, "max_event_bytes") is { } maxEvent ? ByteSize(maxEvent, $"{path}.max_event_bytes") : null,
            };
        }

        return providers;
    }

    private RoutingConfig ReadRouting(YamlMappingNode root)
    {
        if (Child(root, "routing") is not { } node)
        {
            return new RoutingConfig();
        }

        var map = Mapping(node, "routing");
        CheckKeys(map, RoutingKeys, "routing.");
        var patterns = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Child(map, "patterns") is { } patternNode)
        {
            foreach (var (key, value) in Mapping(patternNode, "routing.patterns").Children)
            {
                var provider = KeyName(key, "routing.patterns");
                patterns[provider] = value is YamlScalarNode ? [Value(value, $"routing.patterns.{provider}")] : StringItems(value, $"routing.patterns.{provider}");
            }
        }

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var aliasPools = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var hedges = new Dictionary<string, HedgeConfig>(StringComparer.Ordinal);
        if (Child(map, "aliases") is { } aliasNode)
        {
            foreach (var (key, value) in Mapping(aliasNode, "routing.aliases").Children)
            {
                // A list is a pool of targets; a single target is a plain alias.
                var alias = KeyName(key, "routing.aliases");
                var targets = value;
                if (value is YamlMappingNode options)
                {
                    (targets, var hedge) = ReadAliasOptions(options, $"routing.aliases.{alias}");
                    if (hedge is not null)
                    {
                        hedges[alias] = hedge;
                    }
                }

                if (targets is YamlScalarNode)
                {
                    aliases[alias] = Value(targets, $"routing.aliases.{alias}");
                }
                else
                {
                    aliasPools[alias] = StringItems(targets, $"routing.aliases.{alias}");
                }
            }
        }

        return new RoutingConfig
        {
            Default = OptionalString(map, "default", "routing"),
            Patterns = patterns,
            Aliases = aliases,
            AliasPools = aliasPools,
            Hedges = hedges,
            Fallbacks = ReadFallbacks(map),
            Strategy = ReadStrategy(map),
            Commit = ReadCommit(map),
            Retries = ReadRetries(map),
            Health = ReadHealth(map),
        };
    }

    /// <summary>A mapping's key as text: a list or a mapping written as a key (`[a]: b`) is refused.</summary>
    private string KeyName(YamlNode key, string parent) =>
        key is YamlScalarNode scalar ? scalar.Value ?? "" : throw Error(key, parent, "has a key that is not a plain name (a list or a mapping written as a key).");

    private YamlMappingNode Mapping(YamlNode node, string key) =>
        node as YamlMappingNode ?? throw Error(node, key, "must be a mapping (key: value lines).");

    private YamlSequenceNode Sequence(YamlNode node, string key) =>
        node as YamlSequenceNode ?? throw Error(node, key, "must be a list ([a, b] or '- item' lines).");

    private void CheckKeys(YamlMappingNode map, string[] known, string prefix)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(known, name) < 0)
            {
                throw Error(key, prefix + name, $"unknown key; expected one of {string.Join(", ", known)}.");
            }
        }
    }

    private (string Value, List<string> Missing) Expand(YamlNode node, string key)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, key, "must be a single value.");
        }

        var missing = new List<string>();
        try
        {
            return (EnvInterpolation.Expand(scalar.Value ?? "", environment, missing), missing);
        }
        catch (FormatException exception)
        {
            throw Error(node, key, exception.Message);
        }
    }

    private string? OptionalString(YamlMappingNode map, string name, string? parent = null)
    {
        if (Child(map, name) is not { } node)
        {
            return null;
        }

        var value = Value(node, parent is null ? name : $"{parent}.{name}");
        return value.Length == 0 ? null : value;
    }

    /// <summary>A single value with `${VAR}`s expanded; each unset variable is reported as a warning.</summary>
    private string Value(YamlNode node, string key)
    {
        var (value, missing) = Expand(node, key);
        if (missing.Count > 0)
        {
            _warnings.Add($"{_file}:{node.Start.Line}: '{key}' uses {Describe(missing, "")}, which is not set.");
        }

        return value;
    }

    private bool? OptionalBool(YamlMappingNode map, string name, string? parent = null)
    {
        var key = parent is null ? name : $"{parent}.{name}";
        var text = OptionalString(map, name, parent);
        return text?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw Error(Child(map, name)!, key, $"'{text}' is not true or false."),
        };
    }

    private int? OptionalInt(YamlMappingNode map, string name, string parent)
    {
        var text = OptionalString(map, name, parent);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Error(Child(map, name)!, $"{parent}.{name}", $"'{text}' is not a positive whole number.");
    }

    /// <summary>A positive number of seconds; a fraction is allowed (`0.5`), as a timeout may be shorter than a second.</summary>
    private double? OptionalSeconds(YamlMappingNode map, string name, string parent)
    {
        var text = OptionalString(map, name, parent);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw Error(Child(map, name)!, $"{parent}.{name}", $"'{text}' is not a positive number of seconds.");
    }

    private long ByteSize(YamlNode node, string key)
    {
        var text = Expand(node, key).Value.Trim();
        long multiplier = 1;
        foreach (var (suffix, factor) in new[] { ("KiB", 1024L), ("MiB", 1024L * 1024), ("GiB", 1024L * 1024 * 1024), ("KB", 1000L), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000) })
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                multiplier = factor;
                text = text[..^suffix.Length].Trim();
                break;
            }
        }

        return long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0 && number <= long.MaxValue / multiplier
            ? number * multiplier
            : throw Error(node, key, "must be a positive size in bytes, e.g. 33554432 or 32MiB.");
    }

    private List<string> StringList(YamlMappingNode map, string name, string parent) =>
        Child(map, name) is { } node ? StringItems(node, $"{parent}.{name}") : [];

    private List<string> StringItems(YamlNode node, string key)
    {
        var items = new List<string>();
        foreach (var item in Sequence(node, key))
        {
            items.Add(Value(item, key));
        }

        return items;
    }

    private Dictionary<string, string> StringMap(YamlMappingNode map, string name, string parent)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(map, name) is not { } node)
        {
            return result;
        }

        foreach (var (key, value) in Mapping(node, $"{parent}.{name}").Children)
        {
            var entry = KeyName(key, $"{parent}.{name}");
            result[entry] = Value(value, $"{parent}.{name}.{entry}");
        }

        return result;
    }

    /// <summary>A key that may name unset variables: its value (null when empty), and why it cannot be used (warned as <paramref name="consequence"/>).</summary>
    private (string? Value, string? Unset) Secret(YamlNode node, string key, string consequence)
    {
        var (value, missing) = Expand(node, key);
        string? unset = null;
        if (missing.Count > 0)
        {
            unset = $"{Describe(missing, "")} is not set";
            _warnings.Add($"{_file}:{node.Start.Line}: {consequence} because {unset}.");
        }

        return (value.Length == 0 ? null : value, unset);
    }

    private static string Describe(List<string> missing, string whenNone) =>
        missing.Count == 0 ? whenNone : string.Join(", ", missing.Select(name => "$" + name));
}
