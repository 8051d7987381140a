using System.Text.Json;

using Godex.Wire;

namespace Godex.Gateway.Providers;

/// <summary>The `{"input_tokens": N}` answer that Anthropic's count_tokens and OpenAI's responses/input_tokens both give.</summary>
public static class InputTokensCount
{
    /// <summary>The count, or a 502 naming the provider and the endpoint that answered without one.</summary>
    public static long Read(ReadOnlySpan<byte> body, string provider, string endpoint)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("input_tokens", out var tokens)
                && tokens.TryGetInt64(out var count))
            {
                return count;
            }
        }
        catch (JsonException)
        {
            // reported below
        }

        throw new GodexException(new GodexError(502, "provider.invalid_response", $"Provider '{provider}' answered {endpoint} without an input_tokens number."));
    }
}
