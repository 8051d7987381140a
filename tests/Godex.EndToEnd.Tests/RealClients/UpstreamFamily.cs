namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>The provider protocols Godex can send to; each real-client case runs against every one.</summary>
public enum UpstreamFamily
{
    /// <summary>OpenAI Chat Completions and everything compatible with it (type: openai).</summary>
    Chat,

    /// <summary>OpenAI Responses API (type: openai-responses).</summary>
    Responses,

    /// <summary>Anthropic Messages (type: anthropic).</summary>
    Anthropic,

    /// <summary>Gemini generateContent (type: gemini).</summary>
    Gemini,
}
