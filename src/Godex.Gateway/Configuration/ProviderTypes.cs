namespace Godex.Gateway.Configuration;

/// <summary>The provider families this build can talk to.</summary>
public static class ProviderTypes
{
    public const string OpenAI = "openai";
    public const string Mock = "mock";
    public const string Anthropic = "anthropic";
    public const string OpenAIResponses = "openai-responses";
    public const string Gemini = "gemini";

    public static readonly string[] All = [OpenAI, OpenAIResponses, Anthropic, Gemini, Mock];
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
