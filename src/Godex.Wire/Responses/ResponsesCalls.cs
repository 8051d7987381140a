using System.Text.Json;

namespace Godex.Wire.Responses;

/// <summary>
/// The Responses API's tool-call items and their canonical form. A function call's arguments are its
/// JSON; a custom (freeform) tool's text input becomes <c>{"input": text}</c>, as when a custom tool is
/// offered to other protocols as a function with one string parameter; apply_patch and shell calls carry
/// their `operation` / `action` object as the arguments.
/// </summary>
internal static class ResponsesCalls
{
    public const string Function = "function_call";
    public const string Custom = "custom_tool_call";
    public const string ApplyPatch = "apply_patch_call";
    public const string LocalShell = "local_shell_call";
    public const string Shell = "shell_call";

    public static bool IsCall(string type) => type is Function or Custom or ApplyPatch or LocalShell or Shell;

    public static bool IsOutput(string type) => type.EndsWith("_output", StringComparison.Ordinal) && IsCall(type[..^"_output".Length]);

    public static string OutputType(string callType) => callType + "_output";

    /// <summary>The call item a tool of this kind produces.</summary>
    public static string ForKind(string kind) => kind switch
    {
        "custom" => Custom,
        "apply_patch" => ApplyPatch,
        "local_shell" => LocalShell,
        "shell" => Shell,
        _ => Function,
    };

    /// <summary>The tool name calls of this item type carry when the item has none (the built-in tools).</summary>
    public static string? BuiltInName(string callType) => callType switch
    {
        ApplyPatch => "apply_patch",
        LocalShell => "local_shell",
        Shell => "shell",
        _ => null,
    };

    /// <summary>The field holding a call's input in items of this type.</summary>
    public static string InputField(string callType) => callType switch
    {
        Custom => "input",
        ApplyPatch => "operation",
        LocalShell or Shell => "action",
        _ => "arguments",
    };

    /// <summary>Canonical arguments JSON from an item's input field.</summary>
    public static string Arguments(string callType, JsonElement item)
    {
        var value = ResponsesJson.Property(item, InputField(callType));
        return callType switch
        {
            Function => ToolArguments.Normalize(value is { ValueKind: JsonValueKind.String } text ? text.GetString() : value?.GetRawText()),
            Custom => ResponsesJson.Build(json =>
            {
                json.WriteStartObject();
                json.WriteString("input", value is { ValueKind: JsonValueKind.String } input ? input.GetString() : "");
                json.WriteEndObject();
            }).GetRawText(),
            _ => value?.GetRawText() ?? "{}",
        };
    }

    /// <summary>Writes a call's input field from canonical arguments.</summary>
    public static void WriteInput(Utf8JsonWriter json, string callType, string argumentsJson)
    {
        switch (callType)
        {
            case Function:
                json.WriteString("arguments", argumentsJson);
                break;
            case Custom:
                json.WriteString("input", CustomInput(argumentsJson));
                break;
            default:
                json.WritePropertyName(InputField(callType));
                if (ToolArguments.IsValidJson(argumentsJson))
                {
                    json.WriteRawValue(argumentsJson);
                }
                else
                {
                    json.WriteStringValue(argumentsJson);
                }

                break;
        }
    }

    /// <summary>A custom tool's text input: the `input` string of the canonical arguments, else the arguments text itself.</summary>
    public static string CustomInput(string argumentsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("input", out var input)
                && input.ValueKind == JsonValueKind.String)
            {
                return input.GetString()!;
            }
        }
        catch (JsonException)
        {
            // not JSON: the text is the input
        }

        return argumentsJson;
    }
}
