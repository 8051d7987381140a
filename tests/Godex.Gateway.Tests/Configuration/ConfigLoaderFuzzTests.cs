using FsCheck;
using FsCheck.Fluent;

using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

/// <summary>
/// Mutated config files: every one loads or is refused with a <see cref="ConfigException"/> (a message
/// with the file, line and key), never another exception, which `godex serve` and a reload would show
/// as a crash with a stack trace.
/// </summary>
public sealed class ConfigLoaderFuzzTests
{
    private const string Seed = """
        listen: 127.0.0.1:39001
        keys: [ "sk-one", "${CLIENT_KEY}" ]
        log_level: info
        shutdown_timeout: 30s
        watch_config: true
        limits: { max_body_bytes: 1048576 }
        providers:
          gem-a: { type: gemini, api_key: ${GEMINI_KEY_A} }
          ds:
            type: deepseek
            api_key: sk-ds
            first_token_timeout_seconds: 20
            idle_timeout_seconds: 60
            timeout_seconds: 600
            models: [ deepseek-chat, deepseek-reasoner ]
            headers: { x-extra: "1" }
            fault: { p_error: 0.2, status: 529, reset_after_events: 3, delay_ms: 500, malformed: true, error_in_200: true }
          keys3:
            type: openai
            base_url: https://api.example.com/v1
            pool:
              - { api_key: ${K1} }
              - { api_key: sk-2, weight: 2 }
              - { api_key: sk-3, base_url: https://eu.example.com/v1, headers: { x-region: eu } }
          local: { type: mock }
        routing:
          default: ds
          patterns: { keys3: [ "gpt-*" ] }
          aliases:
            flash: [ gem-a/gemini-2.5-flash, ds/deepseek-chat ]
            fast: ds/deepseek-chat
            hedged: { targets: [ keys3/gpt-4.1 ], hedge: p95, hedge_after_ms: 400 }
          fallbacks:
            flash: [ ds/deepseek-chat ]
            "gem-a/*": [ { to: ds/deepseek-chat, on: context_window } ]
          strategy: least-busy
          retries: { max_attempts: 3, backoff_ms: 200, max_backoff_ms: 5000 }
          health: { window_seconds: 60, min_requests: 10, max_failure_rate: 0.5, ejection_seconds: 30 }
          commit: first_event
        models: { discovery_ttl: 300s }
        """;

    private static readonly string[] Scalars = ["", "~", "null", "-1", "0", "1e9", "99999999999999999999", "yes", "[]", "{}", "\"\"", "'", "\"", "*", "&a", "*a", "!!binary x", "${UNSET}", "${", "\t", "\0", "\ud800", "- x", "a: b: c", "[[[[", "{a: [b, {c: d}]}"];

    [Fact]
    public void The_seed_loads() => Assert.NotNull(Load(Seed));

    [Fact]
    public void A_mutated_config_loads_or_is_refused_with_a_config_error()
    {
        var lines = Seed.Split('\n');
        var mutation = Gen.OneOf(
            Gen.Choose(0, lines.Length - 1).Select(at => new Edit($"drop line {at}", file => { file.RemoveAt(at % file.Count); return file; })),
            Gen.Choose(0, lines.Length - 1).Select(at => new Edit($"repeat line {at}", file => { file.Insert(at % file.Count, file[at % file.Count]); return file; })),
            Gen.Choose(0, lines.Length - 1).SelectMany(_ => Gen.Choose(-4, 4), (at, shift) => new Edit($"indent line {at} by {shift}", file => { file[at % file.Count] = Indent(file[at % file.Count], shift); return file; })),
            Gen.Choose(0, lines.Length - 1).SelectMany(_ => Gen.Elements(Scalars), (at, scalar) => new Edit($"line {at} value {scalar}", file => { file[at % file.Count] = ReplaceValue(file[at % file.Count], scalar); return file; })),
            Gen.Choose(0, 10_000).SelectMany(_ => Gen.Choose(0, 127), (at, c) => new Edit($"insert char {c} at {at}", file =>
            {
                var text = string.Join('\n', file);
                var i = at % Math.Max(1, text.Length);
                return [.. (text[..i] + (char)c + text[i..]).Split('\n')];
            })));

        Prop.ForAll(Gen.ArrayOf(mutation).Where(steps => steps.Length is > 0 and < 4).ToArbitrary(), steps =>
        {
            var file = new List<string>(lines);
            foreach (var step in steps)
            {
                file = step.Apply(file);
            }

            try
            {
                Load(string.Join('\n', file));
            }
            catch (ConfigException)
            {
                // Refused, with a message naming the place.
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    /// <summary>One change to the file's lines, named so a failing case says what it was.</summary>
    private sealed record Edit(string Description, Func<List<string>, List<string>> Apply)
    {
        public override string ToString() => Description;
    }

    private static GodexConfig Load(string yaml) => Yaml.Load(yaml, ("CLIENT_KEY", "sk-env"), ("GEMINI_KEY_A", "g-a"), ("K1", "sk-1"));

    private static string Indent(string line, int shift) => shift >= 0 ? new string(' ', shift) + line : line[Math.Min(-shift, line.Length - line.TrimStart().Length)..];

    private static string ReplaceValue(string line, string scalar)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? line + scalar : line[..(colon + 2)] + scalar;
    }
}
