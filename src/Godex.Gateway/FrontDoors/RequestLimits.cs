using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// The `limits.*` a request body is held to once it is read: its nesting depth before any reader
/// deserializes it, and its tools and messages on the canonical request, so every protocol counts
/// alike (Chat messages, Responses input items, Anthropic messages, Gemini contents). Each refusal
/// names its config key; the front door writes it in the client's own error shape.
/// </summary>
public sealed record RequestLimits(long MaxBodyBytes, int MaxJsonDepth, int MaxTools, int MaxMessages)
{
    public static RequestLimits From(ServeOptions options) => new(
        options.MaxBodyBytes,
        options.Config.Limits.MaxJsonDepth ?? LimitsConfig.DefaultMaxJsonDepth,
        options.Config.Limits.MaxTools ?? LimitsConfig.DefaultMaxTools,
        options.Config.Limits.MaxMessages ?? LimitsConfig.DefaultMaxMessages);

    /// <summary>Refuses JSON nested deeper than <see cref="MaxJsonDepth"/>; text that is not JSON is left to the protocol's reader to describe.</summary>
    public void CheckDepth(ReadOnlySpan<byte> json)
    {
        // One level of slack so the reader itself never throws on depth: the check below is what refuses.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxJsonDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxJsonDepth)
                {
                    throw new GodexException(new GodexError(400, "limit.json_too_deep",
                        $"The request body nests objects and arrays more than {MaxJsonDepth} levels deep (limits.max_json_depth)."));
                }
            }
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>Counts what the client sent in this request; a stored conversation it continues is bounded by sessions.max_chain_depth instead.</summary>
    public void Check(ChatRequest request)
    {
        if (request.Tools.Count > MaxTools)
        {
            throw new GodexException(new GodexError(400, "limit.too_many_tools",
                $"The request declares {request.Tools.Count} tools; at most {MaxTools} are allowed (limits.max_tools)."));
        }

        if (request.Messages.Count > MaxMessages)
        {
            throw new GodexException(new GodexError(400, "limit.too_many_messages",
                $"The request holds {request.Messages.Count} messages; at most {MaxMessages} are allowed (limits.max_messages)."));
        }
    }
}
