namespace Godex.Gateway.Providers.Mock;

/// <summary>The mock's behaviours, chosen by model name (as in the seed gateway's mock modes).</summary>
public enum MockMode
{
    /// <summary>`mock`: a text answer; a tool call when the prompt says `mock:call NAME {json}`.</summary>
    Text,

    /// <summary>`mock-tool-call`: always calls the first declared tool.</summary>
    ToolCall,

    /// <summary>`mock-tool-loop`: calls a tool, then answers with the tool's result once it comes back.</summary>
    ToolLoop,

    /// <summary>`mock-error`: fails like an upstream would.</summary>
    Error,
}

public static class MockModels
{
    public static readonly IReadOnlyList<string> All = ["mock", "mock-tool-call", "mock-tool-loop", "mock-error"];

    public static MockMode? ModeOf(string model) => model switch
    {
        "mock" => MockMode.Text,
        "mock-tool-call" => MockMode.ToolCall,
        "mock-tool-loop" => MockMode.ToolLoop,
        "mock-error" => MockMode.Error,
        _ => null,
    };
}
