using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// The loop breaker (`limits.max_repeated_tool_calls: N`): when the conversation ends with the model
/// making the same tool call with the same arguments N times in a row (each answered, nothing else
/// said between), the request is refused with a 400 that says so, rather than paying for the N+1th.
/// It reads the conversation as sent (after a stored session is expanded), so it works for every
/// agent without state of its own. Arguments compare as JSON values, not text.
/// </summary>
public sealed class BreakToolLoops(GodexConfig startup) : IRequestStep
{
    public ValueTask RunAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        if (startup.Limits.MaxRepeatedToolCalls is { } limit && context.Request is { } request
            && Repeats(request.Messages, limit) is { } call)
        {
            throw new GodexException(new GodexError(400, "limit.tool_loop",
                $"The model called the tool '{call.Name}' with the same arguments {limit} times in a row, so Godex stopped the loop (limits.max_repeated_tool_calls: {limit}). Change the conversation or the tool's answer to go on."));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The call repeated <paramref name="limit"/> times at the end of the conversation, or null.</summary>
    public static ToolCallPart? Repeats(IReadOnlyList<ChatMessage> messages, int limit)
    {
        List<ToolCallPart>? latest = null;
        var repeats = 0;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (message.Role is ChatRole.Tool or ChatRole.System or ChatRole.Developer || (message.Role == ChatRole.User && OnlyResults(message)))
            {
                continue; // tool answers and instructions do not break a streak
            }

            if (message.Role != ChatRole.Assistant || Calls(message) is not { Count: > 0 } calls)
            {
                return null; // the user spoke, or the model answered without a tool
            }

            if (latest is null)
            {
                latest = calls;
            }
            else if (!Same(latest, calls))
            {
                return null;
            }

            if (++repeats >= limit)
            {
                return latest[0];
            }
        }

        return null;
    }

    private static bool OnlyResults(ChatMessage message)
    {
        foreach (var part in message.Parts)
        {
            if (part is not ToolResultPart)
            {
                return false;
            }
        }

        return message.Parts.Count > 0;
    }

    private static List<ToolCallPart>? Calls(ChatMessage message)
    {
        List<ToolCallPart>? calls = null;
        foreach (var part in message.Parts)
        {
            if (part is ToolCallPart call)
            {
                (calls ??= []).Add(call);
            }
        }

        return calls;
    }

    private static bool Same(List<ToolCallPart> a, List<ToolCallPart> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Name != b[i].Name || !SameArguments(a[i].ArgumentsJson, b[i].ArgumentsJson))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameArguments(string a, string b)
    {
        a = ToolArguments.Normalize(a);
        b = ToolArguments.Normalize(b);
        if (a == b)
        {
            return true;
        }

        try
        {
            using var left = JsonDocument.Parse(a);
            using var right = JsonDocument.Parse(b);
            return JsonElement.DeepEquals(left.RootElement, right.RootElement);
        }
        catch (JsonException)
        {
            return false; // not JSON: the text decided
        }
    }
}
