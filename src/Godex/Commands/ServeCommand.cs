using System.CommandLine;

using Godex.Gateway.Admin;
using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;

using Microsoft.Extensions.Hosting;

namespace Godex.Commands;

/// <summary>`godex serve` (alias `proxy`): runs the gateway until Ctrl+C or SIGTERM (graceful: open streams finish); SIGHUP reloads the config.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "host:port to bind (default 127.0.0.1:39001; env GODEX_PROXY_LISTEN)" };
        var apiKey = new Option<string>("--api-key") { Description = "client key(s), comma-separated; replaces 'keys' from the config (env GODEX_PROXY_API_KEY)" };
        var allowAnyKey = new Option<bool>("--allow-any-key") { Description = "accept every request, with or without a key; for local use (env GODEX_PROXY_ALLOW_ANY_KEY)" };
        var model = new Option<string>("--model") { Description = "model used when a request names none (env GODEX_PROXY_MODEL)" };
        var config = new Option<string>("--config") { Description = "config file (default ./godex.yaml, then ~/.config/godex/config.yaml)" };
        var logLevel = new Option<string>("--log-level") { Description = $"{LogLevels.Names} (env GODEX_PROXY_LOG_LEVEL)" };
        var logRequests = new Option<bool>("--log-requests") { Description = "log one line per request: method, path, status, latency, model, provider; never bodies or keys (env GODEX_PROXY_LOG_REQUESTS)" };

        var cacheTtl = new Option<string>("--cache-ttl") { Description = "how long a session's instructions are reused by follow-ups that omit them: 30m, 6h, 2d (default 6h; env GODEX_PROXY_CACHE_TTL)" };

        var allowRefresh = new Option<bool>("--allow-refresh") { Description = "let subscription providers refresh their logins themselves; codex otherwise leaves it to the Codex CLI (env GODEX_PROXY_ALLOW_REFRESH)" };
        var authPath = new Option<string[]>("--auth-path") { Description = "a subscription login file: PATH for the codex provider's auth.json, or NAME=PATH for provider NAME; repeatable (env GODEX_PROXY_AUTH_PATH, comma-separated)" };

        var command = new Command("serve", "Run the gateway.") { listen, apiKey, allowAnyKey, model, config, logLevel, logRequests, cacheTtl, allowRefresh, authPath };
        command.Aliases.Add("proxy");

        // The seed's verbs: `godex proxy keys …`, `godex proxy usage …`.
        command.Subcommands.Add(Keys.KeysCommand.Create());
        command.Subcommands.Add(Keys.UsageCommand.Create());
        command.SetAction(async (parse, cancellationToken) =>
        {
            var flags = new ServeFlags
            {
                Listen = parse.GetValue(listen),
                ApiKey = parse.GetValue(apiKey),
                AllowAnyKey = Given(parse, allowAnyKey),
                Model = parse.GetValue(model),
                LogLevel = parse.GetValue(logLevel),
                LogRequests = Given(parse, logRequests),
                CacheTtl = parse.GetValue(cacheTtl),
                AllowRefresh = Given(parse, allowRefresh),
                AuthPath = parse.GetValue(authPath) is { Length: > 0 } paths ? paths : null,
            };
            return await RunAsync(flags, parse.GetValue(config), cancellationToken);
        });
        return command;
    }

    /// <summary>Whether the parsed command line runs the gateway (its host handles SIGTERM and Ctrl+C itself).</summary>
    public static bool Runs(ParseResult parse) => parse.CommandResult.Command.Name == "serve";

    /// <summary>A switch's value when typed on the command line, else null so the environment and config can decide.</summary>
    private static bool? Given(ParseResult parse, Option<bool> option) =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    private static async Task<int> RunAsync(ServeFlags flags, string? configPath, CancellationToken cancellationToken)
    {
        ServeOptions options;
        ConfigReloadSource? reload;
        try
        {
            options = ServeOptionsResolver.Resolve(flags, ConfigFiles.Load(configPath), Environment.GetEnvironmentVariable);
            reload = ConfigLoader.Locate(configPath) is { } path
                ? new ConfigReloadSource(path, () => ServeOptionsResolver.Resolve(flags, ConfigLoader.FromProcess().LoadFile(path), Environment.GetEnvironmentVariable))
                : null;
        }
        catch (ConfigException exception)
        {
            await Console.Error.WriteLineAsync($"godex: invalid configuration: {exception.Message}");
            return 1;
        }

        Microsoft.AspNetCore.Builder.WebApplication built;
        try
        {
            built = GodexServer.Build(options, reload: reload);
        }
        catch (ConfigException exception)
        {
            // The TLS files are read again here; one removed since the config was loaded is still a one-line error.
            await Console.Error.WriteLineAsync($"godex: invalid configuration: {exception.Message}");
            return 1;
        }

        await using var app = built;
        Uri address;
        try
        {
            address = await GodexServer.StartAsync(app, cancellationToken);
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync($"godex: cannot listen on {options.Listen}: {exception.Message}");
            return 1;
        }

        GodexServer.LogStartup(app, address);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
