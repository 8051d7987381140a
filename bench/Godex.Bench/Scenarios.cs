namespace Godex.Bench;

/// <summary>A request shape in one client protocol: where to send it and what to send.</summary>
public sealed record Scenario(string Name, string Path, string Body, string StreamPath, string StreamBody);

/// <summary>The same small question in each client protocol, all answered by the instant Chat upstream.</summary>
public static class Scenarios
{
    public const string Model = "bench-model";

    public static readonly Scenario Chat = new(
        "chat->chat",
        "/v1/chat/completions",
        $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Say something."}],"max_tokens":64}""",
        "/v1/chat/completions",
        $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"Say something."}],"max_tokens":64}""");

    public static readonly Scenario Anthropic = new(
        "anthropic->chat",
        "/v1/messages",
        $$"""{"model":"{{Model}}","max_tokens":64,"messages":[{"role":"user","content":"Say something."}]}""",
        "/v1/messages",
        $$"""{"model":"{{Model}}","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Say something."}]}""");

    // Translation alone: `store:false`, so no session row is written (that cost is measured apart, below).
    public static readonly Scenario Responses = new(
        "responses->chat",
        "/v1/responses",
        $$"""{"model":"{{Model}}","input":"Say something.","max_output_tokens":64,"store":false}""",
        "/v1/responses",
        $$"""{"model":"{{Model}}","input":"Say something.","max_output_tokens":64,"store":false,"stream":true}""");

    /// <summary>Responses as Codex sends it by default: stored, so each turn also writes its session row.</summary>
    public static readonly Scenario ResponsesStored = new(
        "responses->chat_stored",
        "/v1/responses",
        $$"""{"model":"{{Model}}","input":"Say something.","max_output_tokens":64}""",
        "/v1/responses",
        $$"""{"model":"{{Model}}","input":"Say something.","max_output_tokens":64,"stream":true}""");

    public static readonly Scenario Gemini = new(
        "gemini->chat",
        $"/v1beta/models/{Model}:generateContent",
        """{"contents":[{"role":"user","parts":[{"text":"Say something."}]}],"generationConfig":{"maxOutputTokens":64}}""",
        $"/v1beta/models/{Model}:streamGenerateContent?alt=sse",
        """{"contents":[{"role":"user","parts":[{"text":"Say something."}]}],"generationConfig":{"maxOutputTokens":64}}""");

    public static readonly IReadOnlyList<Scenario> Translated = [Anthropic, Responses, Gemini];
}
