namespace Godex.Gateway.Configuration;

/// <summary>The commented godex.yaml that `godex init` writes. It is valid as written and runs offline.</summary>
public static class ConfigTemplate
{
    public const string Text = """
# Godex configuration. Values may use ${VAR} or ${VAR:-default}; secrets belong in the environment.
# Check it with `godex config check`; see the effective result with `godex config print`.

# Where the gateway listens. Keep 127.0.0.1 unless other machines must reach it.
listen: 127.0.0.1:39001

# Client keys, sent as `Authorization: Bearer`, `x-api-key`, `x-goog-api-key` or `?key=`.
# An entry whose variable is unset is skipped. With no key at all, only this machine may call.
keys:
  - ${GODEX_API_KEY}
  # - { key: ${TEAM_KEY}, rpm: 100, tpm: 100000, max_concurrent: 4, budget_usd: 50, window: month }   # its own limits and budget

# What one request may hold (each a 4xx naming the key), rate limits (429 with retry-after) and budgets.
limits:
  max_body_bytes: 32MiB       # also the limit on a compressed body once inflated
  # max_json_depth: 64
  # max_tools: 512
  # max_messages: 10000
  # per_key: { rpm: 600, tpm: 200000, max_concurrent: 20, budget_usd: 20, window: 30d }   # for keys that set none of their own
  # models: { "gpt-4o*": { rpm: 100, tpm: 50000, max_concurrent: 5 } }   # per model pattern, all keys together
  # budget_status: 429        # or 402 for a spent budget
  # session_budget_usd: 2     # per agent session (Claude Code, Codex, OpenClaw session ids)
  # max_repeated_tool_calls: 5   # the same tool call with the same arguments 5 times in a row ends the loop

# Browsers calling the gateway directly (off unless origins are given), and HTTPS.
# cors: { origins: [ "https://app.example.com" ] }
# tls: { cert: /etc/godex/cert.pem, key: /etc/godex/key.pem }

providers:
  # The built-in offline provider: models mock, mock-tool-call, mock-tool-loop, mock-error.
  mock:
    type: mock

  # An OpenAI-compatible Chat Completions server (vLLM, Ollama, DeepSeek, Groq, ...).
  # A provider whose api_key variable is unset is skipped with a warning, not an error.
  # local:
  #   type: openai
  #   base_url: http://127.0.0.1:8000/v1
  #   api_key: ${LOCAL_API_KEY}
  #   models: [ llama-3.3-70b ]
  #   timeout_seconds: 600
  #   max_response_bytes: 256MiB   # an answer's body after decompression, stream or not
  #   max_event_bytes: 32MiB       # one SSE event (or line) of a stream

routing:
  # Where a model goes when nothing else matches.
  default: mock
  # Model-name prefixes (or * globs) per provider.
  # patterns: { local: [ "llama-", "qwen-" ] }
  # Alias -> provider/model.
  # aliases: { fast: local/llama-3.3-70b }

# GET /v1/models also lists what each provider's upstream says it serves (providers.NAME.discover_models: false
# to skip one), asking each at most once per discovery_ttl.
# models:
#   discovery_ttl: 5m
#   discovery_timeout: 10s
#   codex_instructions_file: codex.md   # Codex's system prompt for the models Godex lists to it

""";
}
