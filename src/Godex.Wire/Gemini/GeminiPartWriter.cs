using System.Text.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Writes canonical parts as Gemini parts, for requests and responses alike. A reasoning part holding
/// only a signature is Gemini's signed text part split by the readers: it goes back onto the text part
/// that follows it, or stands alone as `{"text":"","thoughtSignature":...}`, exactly as Gemini sent it.
/// Reasoning Gemini cannot carry (encrypted payloads, redacted blocks) is left out of requests; in
/// answers it also rides on the next unsigned call (<see cref="GeminiCarriedReasoning"/>).
/// </summary>
internal sealed class GeminiPartWriter(Utf8JsonWriter json)
{
    private string? _pendingSignature;
    private bool _signedCall;
    private List<ReasoningPart>? _carried;

    /// <summary>Put Google's validator-skipping signature on unsigned calls (requests to Gemini; history from elsewhere has none).</summary>
    public bool SignUnsignedCalls { get; init; }

    /// <summary>Writing an answer (the upstream's content) rather than a request (the client's): faults are then the upstream's, 502.</summary>
    public bool ForResponse { get; init; }

    /// <summary>Tool names by call id, for function responses whose canonical result lacks the name.</summary>
    public IReadOnlyDictionary<string, string>? CallNames { get; init; }

    /// <summary>Starts a new content: signatures and the first-call rule do not cross contents.</summary>
    public void BeginContent()
    {
        _pendingSignature = null;
        _signedCall = false;
        _carried = null;
    }

    public void Write(ContentPart part)
    {
        if (part is ReasoningPart { Text.Length: 0, EncryptedContent: null, Redacted: false, Signature: { } signature })
        {
            FlushSignature();
            _pendingSignature = signature;
            return;
        }

        if (part is TextPart plain && !GeminiJson.Fields(plain.Extensions).ContainsKey("thoughtSignature"))
        {
            WriteText(plain.Text, thought: false, _pendingSignature, plain.Extensions);
            _pendingSignature = null;
            return;
        }

        FlushSignature();
        if (ForResponse && part is ReasoningPart thought && GeminiCarriedReasoning.NeedsCarrying(thought))
        {
            (_carried ??= []).Add(thought);
        }

        switch (part)
        {
            case TextPart text:
                WriteText(text.Text, thought: false, null, text.Extensions);
                break;
            case ReasoningPart { Text.Length: > 0 } reasoning:
                WriteText(reasoning.Text, thought: true, reasoning.Signature, reasoning.Extensions);
                break;
            case ReasoningPart:
                break; // encrypted or redacted reasoning of another provider: nothing Gemini can read
            case ToolCallPart call:
                WriteCall(call);
                break;
            case ImagePart image:
                json.WriteStartObject();
                WriteMedia(image.Data, image.Url, image.MediaType ?? GuessImageType(image.Url, image.Data), "image");
                GeminiJson.WriteFields(json, image.Extensions);
                json.WriteEndObject();
                break;
            case FilePart file:
                if (file.Data is null && file.Url is null)
                {
                    throw new GodexException(GodexError.BadRequest($"File '{file.FileId ?? file.FileName}' is referred to by a file id, which a Gemini upstream cannot resolve; send the file's bytes or URL.", "file_id"));
                }

                json.WriteStartObject();
                WriteMedia(file.Data, file.Url, file.MediaType ?? GuessFileType(file.Url), "file");
                GeminiJson.WriteFields(json, file.Extensions);
                json.WriteEndObject();
                break;
            case ToolResultPart result:
                WriteFunctionResponse(result);
                break;
        }
    }

    /// <summary>Ends a content: a signature still waiting for text stands on its own.</summary>
    public void EndContent() => FlushSignature();

    private void FlushSignature()
    {
        if (_pendingSignature is { } signature)
        {
            _pendingSignature = null;
            WriteText("", thought: false, signature, null);
        }
    }

    private void WriteText(string text, bool thought, string? signature, ExtensionBag? extensions)
    {
        json.WriteStartObject();
        json.WriteString("text", text);
        if (thought)
        {
            json.WriteBoolean("thought", true);
        }

        if (signature is not null)
        {
            json.WriteString("thoughtSignature", signature);
        }

        GeminiJson.WriteFields(json, extensions);
        json.WriteEndObject();
    }

    private void WriteCall(ToolCallPart call)
    {
        JsonElement args = default;
        try
        {
            using var document = JsonDocument.Parse(ToolArguments.Normalize(call.ArgumentsJson));
            args = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // reported below
        }

        if (args.ValueKind != JsonValueKind.Object)
        {
            var message = $"The arguments of tool call '{call.Id}' ({call.Name}) are not a JSON object, which Gemini requires.";
            throw new GodexException(ForResponse
                ? new GodexError(502, "provider.invalid_response", "The upstream's answer cannot be written for a Gemini client: " + message)
                : GodexError.BadRequest(message, "tool_calls"));
        }

        // Gemini signs only the first call of a parallel set; later unsigned calls are expected.
        var signature = call.Signature ?? (SignUnsignedCalls && !_signedCall ? GeminiProtocol.SkipSignatureValidator : null);
        _signedCall |= call.Signature is not null;
        if (_carried is not null)
        {
            // The reasoning before this call, for the client to send back; a call Gemini signed needs none.
            signature ??= GeminiCarriedReasoning.Pack(_carried);
            _carried = null;
        }

        json.WriteStartObject();
        json.WriteStartObject("functionCall");
        if (!GeminiProtocol.IsSyntheticCallId(call.Id) && call.Id.Length > 0)
        {
            json.WriteString("id", call.Id);
        }

        json.WriteString("name", call.Name);
        json.WritePropertyName("args");
        args.WriteTo(json);
        json.WriteEndObject();
        if (signature is not null)
        {
            json.WriteString("thoughtSignature", signature);
        }

        GeminiJson.WriteFields(json, call.Extensions);
        json.WriteEndObject();
    }

    private void WriteFunctionResponse(ToolResultPart result)
    {
        var name = result.Name ?? CallNames?.GetValueOrDefault(result.CallId)
            ?? throw new GodexException(GodexError.BadRequest($"The result of tool call '{result.CallId}' does not name its function and no call with that id precedes it; Gemini needs the function name.", "tool_call_id"));
        var fields = GeminiJson.Fields(result.Extensions);

        json.WriteStartObject();
        json.WriteStartObject("functionResponse");
        if (fields.TryGetValue("id", out var originalId))
        {
            json.WritePropertyName("id");
            originalId.WriteTo(json);
        }
        else if (!GeminiProtocol.IsSyntheticCallId(result.CallId) && result.CallId.Length > 0)
        {
            json.WriteString("id", result.CallId);
        }

        json.WriteString("name", name);
        json.WritePropertyName("response");
        WriteResponseObject(result);

        var media = result.Content.Where(static part => part is ImagePart or FilePart).ToList();
        if (media.Count > 0)
        {
            json.WriteStartArray("parts");
            foreach (var part in media)
            {
                Write(part);
            }

            json.WriteEndArray();
        }

        GeminiJson.WriteFields(json, result.Extensions, "id");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>JSON-object text goes as it is; other text as `{"output": text}` or, for errors, `{"error": text}`.</summary>
    private void WriteResponseObject(ToolResultPart result)
    {
        var text = result.TextContent();
        if (text.Length > 0 && text[0] == '{')
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                document.RootElement.WriteTo(json);
                return;
            }
            catch (JsonException)
            {
                // not JSON after all: wrap it below
            }
        }

        json.WriteStartObject();
        json.WriteString(result.IsError ? "error" : "output", text);
        json.WriteEndObject();
    }

    private void WriteMedia(byte[]? data, string? url, string? mediaType, string what)
    {
        if (data is null && url is not null)
        {
            (data, var decodedType) = DataUrl.TryDecode(url);
            mediaType = decodedType ?? mediaType;
        }

        if (data is not null)
        {
            json.WriteStartObject("inlineData");
            json.WriteString("mimeType", mediaType ?? throw new GodexException(GodexError.BadRequest($"An inline {what} has no media type, which Gemini requires.", "mime_type")));
            json.WriteBase64String("data", data);
            json.WriteEndObject();
            return;
        }

        // Gemini fetches public http(s) URLs itself, and reads gs:// and its own Files API URIs.
        if (url is null || !(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("gs://", StringComparison.OrdinalIgnoreCase)))
        {
            throw new GodexException(GodexError.BadRequest($"The {what} URL '{Shorten(url)}' is neither data: nor http(s) nor gs://, so a Gemini upstream cannot read it.", "url"));
        }

        json.WriteStartObject("fileData");
        if (mediaType is not null)
        {
            json.WriteString("mimeType", mediaType);
        }

        json.WriteString("fileUri", url);
        json.WriteEndObject();
    }

    private static string? GuessImageType(string? url, byte[]? data)
    {
        if (data is { Length: >= 4 })
        {
            return data switch
            {
                [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
                [0xFF, 0xD8, ..] => "image/jpeg",
                [0x47, 0x49, 0x46, ..] => "image/gif",
                [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
                _ => null,
            };
        }

        // A URL image from a protocol without media types: Gemini wants one, so take it from the name.
        return url is null || url.StartsWith("data:", StringComparison.Ordinal) ? null : GuessFileType(url) ?? "image/jpeg";
    }

    private static string? GuessFileType(string? url)
    {
        if (url is null || url.StartsWith("data:", StringComparison.Ordinal))
        {
            return null;
        }

        var path = url.Split('?', '#')[0];
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".heic" => "image/heic",
            ".heif" => "image/heif",
            ".pdf" => "application/pdf",
            ".txt" => "text/plain",
            ".mp3" => "audio/mpeg",
            ".wav" => "audio/wav",
            ".mp4" => "video/mp4",
            _ => null,
        };
    }

    private static string? Shorten(string? url) => url is { Length: > 60 } ? url[..60] + "…" : url;
}
