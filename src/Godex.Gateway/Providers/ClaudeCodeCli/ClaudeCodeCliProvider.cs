using System.Collections;
using System.ComponentModel;
using System.Runtime.CompilerServices;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.ClaudeCode;

namespace Godex.Gateway.Providers.ClaudeCodeCli;

/// <summary>
/// The user's installed Claude Code CLI as a provider: each request runs `claude -p` once, with the CLI's
/// tools off, one turn, no session saved, in an empty temporary folder, and its stream-json lines become
/// canonical events. At most `max_concurrency` runs at once (default 4); a request beyond that gets 429
/// with retry-after rather than queueing, since each run is a whole Node process. A run is killed when
/// the client leaves or after `timeout_seconds` (default 600).
/// </summary>
public sealed class ClaudeCodeCliProvider : IProvider, IDisposable
{
    /// <summary>The CLI's own login variables: its credentials, kept even when Godex holds the same value.</summary>
    private static readonly string[] LoginVariables = ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"];

    private readonly ProviderConfig _config;
    private readonly string _command;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _timeout;
    private readonly Dictionary<string, string?> _environment;
    private readonly string[] _secrets;

    public ClaudeCodeCliProvider(ProviderConfig config, string command, Specs.ProviderSpec spec, IReadOnlyCollection<string> godexSecrets, TimeProvider time)
    {
        (_config, _command, Spec, _time) = (config, command, spec, time);
        _slots = new SemaphoreSlim(config.MaxConcurrency ?? 4);
        _timeout = TimeSpan.FromSeconds(config.TimeoutSeconds ?? 600);
        _environment = ChildEnvironment(config, godexSecrets);
        _secrets = [.. godexSecrets.Concat(config.Environment.Values).Concat(LoginVariables.Select(name => _environment.GetValueOrDefault(name) ?? ""))
            .Where(secret => secret.Length >= 8).Distinct()];
    }

    public string Name => _config.Name;

    public string Type => _config.Type;

    public IReadOnlyList<string> Models => _config.Models;

    public bool ServesAnyModel => true;

    public Specs.ProviderSpec Spec { get; }

    public void Dispose() => _slots.Dispose();

    /// <summary>The CLI has no token counting of its own; callers estimate.</summary>
    public Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public async IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = call.Request;
        var prompt = ClaudeCodePrompt.From(request, Name);
        if (!_slots.Wait(0, cancellationToken))
        {
            var busy = $"Provider '{Name}' already runs {_config.MaxConcurrency ?? 4} Claude Code CLI processes (providers.{Name}.max_concurrency); retry shortly.";
            throw new GodexException(new GodexError(429, "limit.provider_busy", busy) { RetryAfter = "1" });
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_timeout);
            using var run = await StartAsync(prompt, request, deadline.Token);
            var reader = new ClaudeCodeLineReader(_time, Name);
            var first = true;
            while (!reader.Ended)
            {
                var events = await NextAsync(run, reader, deadline.Token, cancellationToken);
                foreach (var streamEvent in events)
                {
                    // Before anything is sent, a failure is thrown so the front door answers with its status.
                    if (first && streamEvent is ResponseFailed failed)
                    {
                        throw new GodexException(failed.Error);
                    }

                    first = false;
                    yield return streamEvent;
                    if (streamEvent is ResponseFailed)
                    {
                        yield break;
                    }
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<ClaudeCodeRun> StartAsync(ClaudeCodePrompt prompt, ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await ClaudeCodeRun.StartAsync(_command, ClaudeCodeArguments.For(prompt, request, _config.Args), _environment, prompt.Text, _secrets, cancellationToken);
        }
        catch (Exception exception) when (exception is Win32Exception or InvalidOperationException)
        {
            throw new GodexException(new GodexError(503, "provider.unavailable", $"Provider '{Name}' could not start the Claude Code CLI '{_command}': {exception.Message}"));
        }
    }

    /// <summary>Reads lines until they produce events; the end of stdout without a result line becomes a failure naming the exit code and stderr.</summary>
    private async Task<List<StreamEvent>> NextAsync(ClaudeCodeRun run, ClaudeCodeLineReader reader, CancellationToken deadline, CancellationToken client)
    {
        reader.Events.Clear();
        try
        {
            while (reader.Events.Count == 0 && !reader.Ended)
            {
                if (await run.ReadLineAsync(deadline) is not { } line)
                {
                    var (exitCode, stderr) = await run.ExitAsync(deadline);
                    var said = stderr.Length > 0 ? $": {stderr}" : " and printed nothing on stderr";
                    reader.Events.Add(new ResponseFailed(exitCode != 0
                        ? new GodexError(502, "provider.cli_failed", $"Provider '{Name}': the Claude Code CLI exited with code {exitCode}{said}")
                        : new GodexError(502, "provider.stream_truncated", $"Provider '{Name}': the Claude Code CLI ended without a result line{said}")));
                    break;
                }

                reader.Read(line);
            }
        }
        catch (OperationCanceledException) when (!client.IsCancellationRequested)
        {
            reader.Events.Add(new ResponseFailed(new GodexError(504, "provider.timeout",
                $"Provider '{Name}': the Claude Code CLI did not finish within {_timeout.TotalSeconds:0.###} s (providers.{Name}.timeout_seconds); it was stopped.")));
        }

        return [.. reader.Events];
    }

    /// <summary>
    /// The gateway's environment without what Godex holds for others: GODEX_* variables and any variable
    /// carrying a client key or another provider's key (the CLI's own login variables stay). Then the
    /// provider's `env`, and the auto-updater off unless the operator set it.
    /// </summary>
    private static Dictionary<string, string?> ChildEnvironment(ProviderConfig config, IReadOnlyCollection<string> godexSecrets)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            var value = variable.Value as string ?? "";
            var secret = godexSecrets.Contains(value) && value.Length > 0 && !LoginVariables.Contains(name);
            if (!name.StartsWith("GODEX_", StringComparison.OrdinalIgnoreCase) && !secret)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in config.Environment)
        {
            environment[name] = value;
        }

        environment.TryAdd("DISABLE_AUTOUPDATER", "1");
        return environment;
    }
}
