using Godex.Gateway.Configuration;

namespace Godex.Gateway.Compatibility;

/// <summary>The wire protocol each provider family speaks, as named on extension bags and client front doors.</summary>
public static class ProviderProtocols
{
    public static string Of(string family) => family == ProviderTypes.OpenAI ? Wire.OpenAIChat.OpenAIChatProtocol.Name : family;
}
