namespace Godex.Gateway.Configuration;

/// <summary>The provider families this build can talk to.</summary>
public static class ProviderTypes
{
    public const string OpenAI = "openai";
    public const string Mock = "mock";
    public const string Anthropic = "anthropic";
    public const string OpenAIResponses = "openai-responses";
    public const string Gemini = "gemini";

    /// <summary>The user's installed Claude Code CLI, run per request (`claude -p --output-format stream-json`).</summary>
    public const string ClaudeCodeCli = "claude-code-cli";

    public static readonly string[] All = [OpenAI, OpenAIResponses, Anthropic, Gemini, Mock];

    /// <summary>Every name `type:` accepts: the families, then the presets of the built-in catalogue.</summary>
    public static readonly string[] Known = [.. All, .. Specs.BuiltInSpecs.All.Select(spec => spec.Name).Where(name => Array.IndexOf(All, name) < 0)];
}

/// <summary>Provider names appear in URLs and headers, so they are kept simple.</summary>
public static class ProviderNames
{
    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name.Length > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
