using FsCheck;
using FsCheck.Fluent;

namespace Godex.Wire.Tests.Fuzz;

/// <summary>
/// The corpus the request fuzzing mutates: for each protocol, bodies shaped like its real clients'
/// (system text, images, tools and their results, reasoning, structured output, streaming options),
/// so a mutation lands on every field a reader has.
/// </summary>
internal static class RequestSeeds
{
    public static readonly string[] Chat =
    [
        """
        {"model":"gpt-4.1","stream":true,"stream_options":{"include_usage":true},"temperature":0.2,"max_tokens":512,
         "messages":[
          {"role":"system","content":"You are terse."},
          {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
          {"role":"user","content":[{"type":"text","text":"What is in this image?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"sunny, 21C"},
          {"role":"user","content":"thanks","name":"bob"}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}}],
         "tool_choice":{"type":"function","function":{"name":"get_weather"}},
         "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object","properties":{"a":{"type":"number"}}},"strict":true}},
         "reasoning_effort":"high","stop":["\n\n"],"seed":7,"user":"u-1","metadata":{"k":"v"}}
        """,
        """{"model":"mock","messages":[{"role":"user","content":"hi"}],"tool_choice":"auto","n":1,"top_p":0.9,"presence_penalty":0.1,"logprobs":false}""",
    ];

    public static readonly string[] Responses =
    [
        """
        {"model":"gpt-5","stream":true,"store":true,"instructions":"You are Codex.","previous_response_id":null,
         "input":[
          {"type":"message","role":"developer","content":[{"type":"input_text","text":"Sandbox: read-only."}]},
          {"type":"message","role":"user","content":[{"type":"input_text","text":"List files"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"}]},
          {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Thinking."}],"encrypted_content":"gAAAA"},
          {"type":"function_call","call_id":"call_1","name":"shell","arguments":"{\"command\":[\"ls\"]}"},
          {"type":"function_call_output","call_id":"call_1","output":"a.txt\nb.txt"},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Two files.","annotations":[]}]}],
         "tools":[{"type":"function","name":"shell","description":"Run","parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}}},"strict":false},
                  {"type":"custom","name":"apply_patch","description":"Patch","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}}],
         "tool_choice":"auto","parallel_tool_calls":true,"reasoning":{"effort":"medium","summary":"auto"},
         "text":{"format":{"type":"json_schema","name":"r","schema":{"type":"object"},"strict":true},"verbosity":"low"},
         "include":["reasoning.encrypted_content"],"prompt_cache_key":"k","max_output_tokens":2048,"client_metadata":{"x":"y"}}
        """,
        """{"model":"mock","input":"hello","stream":false}""",
    ];

    public static readonly string[] Anthropic =
    [
        """
        {"model":"claude-sonnet-4-5","max_tokens":4096,"stream":true,
         "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
         "messages":[
          {"role":"user","content":[{"type":"text","text":"Look"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"document","source":{"type":"text","media_type":"text/plain","data":"doc"}}]},
          {"role":"assistant","content":[{"type":"thinking","thinking":"Hmm.","signature":"sig"},{"type":"redacted_thinking","data":"xyz"},{"type":"text","text":"Let me read it."},{"type":"tool_use","id":"toolu_1","name":"Read","input":{"path":"a.txt"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"contents"}],"is_error":false}]}],
         "tools":[{"name":"Read","description":"Read a file","input_schema":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}],
         "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
         "thinking":{"type":"enabled","budget_tokens":2048},"temperature":1,"stop_sequences":["END"],
         "metadata":{"user_id":"user_1"},"context_management":{"edits":[]}}
        """,
        """{"model":"mock","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""",
    ];

    public static readonly string[] Gemini =
    [
        """
        {"systemInstruction":{"role":"user","parts":[{"text":"You are Gemini CLI."}]},
         "contents":[
          {"role":"user","parts":[{"text":"Describe"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},{"fileData":{"mimeType":"application/pdf","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc"}}]},
          {"role":"model","parts":[{"text":"thinking","thought":true,"thoughtSignature":"c2ln"},{"functionCall":{"name":"read_file","args":{"path":"a.txt"}}}]},
          {"role":"user","parts":[{"functionResponse":{"name":"read_file","response":{"output":"contents"}}}]}],
         "tools":[{"functionDeclarations":[{"name":"read_file","description":"Read","parameters":{"type":"OBJECT","properties":{"path":{"type":"STRING"}},"required":["path"]}}]}],
         "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["read_file"]}},
         "generationConfig":{"temperature":0.5,"maxOutputTokens":800,"topP":0.9,"stopSequences":["x"],"responseMimeType":"application/json","responseSchema":{"type":"OBJECT"},"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}},
         "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}
        """,
        """{"contents":[{"parts":[{"text":"hi"}]}]}""",
    ];

    /// <summary>The seeds of one protocol (openai-chat, openai-responses, anthropic, gemini).</summary>
    public static string[] For(string protocol) => protocol switch
    {
        "openai-chat" => Chat,
        "openai-responses" => Responses,
        "anthropic" => Anthropic,
        "gemini" => Gemini,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "not a client protocol"),
    };
}

/// <summary>A seed with the mutations to apply to it; shown as both, so a failing case says how it was made.</summary>
public sealed record MutatedBody(int Seed, Mutation[] Mutations)
{
    /// <summary>Any seed of <paramref name="seeds"/> with one to three mutations.</summary>
    public static Gen<MutatedBody> Of(string[] seeds) =>
        Gen.Choose(0, seeds.Length - 1).SelectMany(_ => Mutation.Some, (seed, mutations) => new MutatedBody(seed, mutations));

    public byte[] Apply(string[] seeds)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(seeds[Seed]);
        foreach (var mutation in Mutations)
        {
            bytes = mutation.Apply(bytes);
        }

        return bytes;
    }

    public override string ToString() => $"seed {Seed}: {string.Join("; ", Mutations.Select(mutation => mutation.ToString()))}";
}
