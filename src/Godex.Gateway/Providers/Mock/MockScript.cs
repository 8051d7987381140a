using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

using Godex.Wire;
using Godex.Wire.Json;

namespace Godex.Gateway.Providers.Mock;

/// <summary>Decides, deterministically, what the mock answers to a request.</summary>
internal static partial class MockScript
{
    public static ChatResponse Answer(ChatRequest request, MockMode mode, DateTimeOffset now)
    {
        var last = request.Messages.Count > 0 ? request.Messages[^1] : null;
        var prompt = LastUserText(request);
        var id = "chatcmpl-mock-" + Hash(request);
        var results = last?.Parts.OfType<ToolResultPart>().ToList() ?? [];

        ContentPart answer;
        if (ExplicitCall(prompt) is { } explicitCall && results.Count == 0)
        {
            answer = explicitCall with { Id = CallId(request, 0) };
        }
        else if (mode == MockMode.ToolCall || (mode == MockMode.ToolLoop && results.Count == 0))
        {
            answer = request.Tools.Count == 0
                ? new TextPart($"The mock in {ModeName(mode)} mode needs at least one tool in the request.")
                : new ToolCallPart(CallId(request, 0), request.Tools[0].Name, ArgumentsFor(request.Tools[0].Name, prompt));
        }
        else if (results.Count > 0)
        {
            answer = new TextPart(DescribeResults(request, results));
        }
        else
        {
            answer = new TextPart(Describe(request.Messages, prompt));
        }

        var output = answer is TextPart text ? text.Text : ((ToolCallPart)answer).ArgumentsJson;
        return new ChatResponse
        {
            Id = id,
            Model = request.Model,
            Created = now,
            Parts = [answer],
            FinishReason = answer is ToolCallPart ? FinishReason.ToolCalls : FinishReason.Stop,
            Usage = new Usage { InputTokens = Tokens(InputText(request)), OutputTokens = Tokens(output) },
        };
    }

    /// <summary>Rough token count (4 characters a token) so usage figures move with the input.</summary>
    public static long Tokens(string text) => Math.Max(1, (text.Length + 3) / 4);

    private static string ModeName(MockMode mode) => mode switch
    {
        MockMode.ToolCall => "tool-call",
        MockMode.ToolLoop => "tool-loop",
        _ => mode.ToString().ToLowerInvariant(),
    };

    private static string Describe(IReadOnlyList<ChatMessage> messages, string prompt)
    {
        var images = 0;
        foreach (var message in messages)
        {
            foreach (var part in message.Parts)
            {
                images += part is ImagePart ? 1 : 0;
            }
        }

        var echo = prompt.Length > 200 ? prompt[..200] + "…" : prompt;
        var seen = images > 0 ? $" I see {images} image(s)." : "";
        return $"Mock reply to: {echo}.{seen} This answer streams in several chunks.";
    }

    private static string DescribeResults(ChatRequest request, List<ToolResultPart> results)
    {
        var builder = new StringBuilder();
        foreach (var result in results)
        {
            var name = result.Name ?? FindCallName(request, result.CallId) ?? result.CallId;
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(CultureInfo.InvariantCulture, $"The tool {name} returned: {result.TextContent()}");
        }

        return builder.ToString();
    }

    private static string? FindCallName(ChatRequest request, string callId)
    {
        foreach (var message in request.Messages)
        {
            foreach (var part in message.Parts)
            {
                if (part is ToolCallPart call && call.Id == callId)
                {
                    return call.Name;
                }
            }
        }

        return null;
    }

    /// <summary>`mock:call NAME {json}` anywhere in the prompt.</summary>
    private static ToolCallPart? ExplicitCall(string prompt)
    {
        var match = ExplicitCallPattern().Match(prompt);
        if (!match.Success)
        {
            return null;
        }

        var arguments = match.Groups["args"].Success ? match.Groups["args"].Value : "{}";
        if (!ToolArguments.IsValidJson(arguments))
        {
            arguments = "{}";
        }

        return new ToolCallPart("", match.Groups["name"].Value, arguments);
    }

    /// <summary>Arguments from `NAME(a=2, b="x")` in the prompt when present, else `{}`.</summary>
    private static string ArgumentsFor(string tool, string prompt)
    {
        var start = prompt.IndexOf(tool + "(", StringComparison.Ordinal);
        var end = start < 0 ? -1 : prompt.IndexOf(')', start);
        if (end < 0)
        {
            return "{}";
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            foreach (var pair in prompt[(start + tool.Length + 1)..end].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue;
                }

                var key = pair[..equals].Trim();
                var value = pair[(equals + 1)..].Trim();
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    json.WriteNumber(key, number);
                }
                else if (value is "true" or "false")
                {
                    json.WriteBoolean(key, value == "true");
                }
                else
                {
                    json.WriteString(key, value.Trim('"', '\''));
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string LastUserText(ChatRequest request)
    {
        for (var i = request.Messages.Count - 1; i >= 0; i--)
        {
            if (request.Messages[i].Role == ChatRole.User && request.Messages[i].JoinedText() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return "";
    }

    private static string InputText(ChatRequest request)
    {
        var builder = new StringBuilder(request.Instructions);
        foreach (var message in request.Messages)
        {
            builder.Append(message.JoinedText());
            foreach (var part in message.Parts)
            {
                if (part is ToolResultPart result)
                {
                    builder.Append(result.TextContent());
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>Call ids that differ per turn: the turn number is the count of assistant messages so far.</summary>
    private static string CallId(ChatRequest request, int index)
    {
        var turn = request.Messages.Count(message => message.Role == ChatRole.Assistant);
        return $"call_mock_{turn}_{index}";
    }

    private static string Hash(ChatRequest request)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(request.Model + "\n" + InputText(request)), digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    [GeneratedRegex(@"mock:call\s+(?<name>[A-Za-z0-9_.\-]+)(\s+(?<args>\{.*\}))?", RegexOptions.Singleline)]
    private static partial Regex ExplicitCallPattern();
}
