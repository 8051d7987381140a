namespace Godex.Wire.Tests.Responses;

/// <summary>A request body shaped like Codex CLI's (see shared/clients/README.md): developer items, namespace and web_search tools, no store.</summary>
internal static class CodexRequest
{
    public const string FirstTurn = """
        {"model":"gpt-5.1-codex",
         "input":[
           {"type":"message","role":"developer","content":[{"type":"input_text","text":"You are Codex, a coding agent."}]},
           {"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>cwd=/repo</environment_context>"}]},
           {"type":"message","role":"user","content":[{"type":"input_text","text":"List the files."}]}],
         "tools":[
           {"type":"function","name":"shell_command","description":"Runs a shell command.","strict":false,
            "parameters":{"type":"object","properties":{"command":{"type":"string"},"workdir":{"type":"string"}},"required":["command"],"additionalProperties":false}},
           {"type":"namespace","name":"mcp__docs__","description":"Tools in the mcp__docs__ namespace.",
            "tools":[{"type":"function","name":"search","description":"Searches the docs.","strict":false,"defer_loading":true,
                      "parameters":{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}}]},
           {"type":"web_search","external_web_access":false},
           {"type":"custom","name":"apply_patch","description":"Applies a patch.","format":{"type":"grammar","syntax":"lark","definition":"start: patch"}}],
         "tool_choice":"auto","parallel_tool_calls":true,
         "reasoning":{"effort":"medium","summary":"auto"},
         "store":false,"stream":true,
         "include":["reasoning.encrypted_content"],
         "prompt_cache_key":"0199aa52-session",
         "text":{"verbosity":"low"},
         "client_metadata":{"x-codex-turn":"1"}}
        """;

    /// <summary>The next turn: the model's reasoning and calls replayed with their outputs.</summary>
    public const string SecondTurn = """
        {"model":"gpt-5.1-codex",
         "input":[
           {"type":"message","role":"developer","content":[{"type":"input_text","text":"You are Codex, a coding agent."}]},
           {"type":"message","role":"user","content":[{"type":"input_text","text":"List the files."}]},
           {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"**Listing**"},{"type":"summary_text","text":"Run ls."}],"encrypted_content":"gAAAA-opaque-payload=="},
           {"type":"function_call","name":"shell_command","arguments":"{\"command\":\"ls\"}","call_id":"call_1"},
           {"type":"function_call","name":"search","namespace":"mcp__docs__","arguments":"{\"query\":\"ls\"}","call_id":"call_2"},
           {"type":"custom_tool_call","name":"apply_patch","input":"*** Begin Patch\n*** End Patch","call_id":"call_3","status":"completed"},
           {"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"ls flags"}},
           {"type":"local_shell_call","id":"lsh_1","call_id":"call_4","status":"completed","action":{"type":"exec","command":["ls","-a"]}},
           {"type":"function_call_output","call_id":"call_1","output":"README.md\nsrc"},
           {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"ls lists files"}]},
           {"type":"custom_tool_call_output","call_id":"call_3","output":"Done!"},
           {"type":"local_shell_call_output","id":"call_4","output":".\n.."},
           {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Two entries."}],"phase":"final_answer"},
           {"type":"message","role":"user","content":[{"type":"input_text","text":"Thanks"}]}],
         "tools":[
           {"type":"function","name":"shell_command","description":"Runs a shell command.","strict":false,
            "parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}},
           {"type":"namespace","name":"mcp__docs__","description":"Tools in the mcp__docs__ namespace.",
            "tools":[{"type":"function","name":"search","strict":false,"parameters":{"type":"object","properties":{"query":{"type":"string"}}}}]},
           {"type":"custom","name":"apply_patch","description":"Applies a patch.","format":{"type":"grammar","syntax":"lark","definition":"start: patch"}},
           {"type":"local_shell"}],
         "tool_choice":"auto","parallel_tool_calls":true,"store":false,"stream":true,"safety_identifier":"user-hash",
         "include":["reasoning.encrypted_content"],"prompt_cache_key":"0199aa52-session"}
        """;
}
