using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// Code Assist's wrapping of the Gemini API: a request goes as `{model, project, request: {Gemini
/// GenerateContentRequest}}` and every answer (a whole one, or each SSE chunk) comes back as
/// `{response: {Gemini GenerateContentResponse}, traceId}`. Only the wrapping lives here; the Gemini
/// codec reads and writes what is inside.
/// </summary>
public static class CodeAssistEnvelope
{
    /// <summary>Writes `{model, project, ...fields, request}` around an already written Gemini request body.</summary>
    public static void Wrap(IBufferWriter<byte> output, string model, string project, ReadOnlySpan<byte> geminiRequest, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        json.WriteStartObject();
        json.WriteString("model", model);
        json.WriteString("project", project);
        foreach (var (name, value) in fields ?? [])
        {
            json.WriteString(name, value);
        }

        json.WritePropertyName("request");
        json.WriteRawValue(geminiRequest, skipInputValidation: true);
        json.WriteEndObject();
    }

    /// <summary>
    /// The `response` member of a wrapped answer, as raw JSON. An answer without one (an error object,
    /// or a server that did not wrap) is returned whole, so the Gemini reader still sees what came.
    /// </summary>
    public static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return body;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isResponse = reader.ValueTextEquals("response"u8);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (isResponse && body[start] == (byte)'{')
                {
                    return body[start..(int)reader.BytesConsumed];
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the Gemini reader reports it.
        }

        return body;
    }
}
