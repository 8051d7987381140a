using System.Text.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Maps a request's `contents` to canonical messages. Function responses are paired with their calls
/// by id, and where Gemini clients leave ids out (or make up their own for responses, as Gemini CLI
/// does when the model sent none) by name, in order, as Gemini itself pairs them. Signatures on text
/// parts, which the canonical text part has no field for, ride in the part's extension bag so a
/// Gemini upstream gets them back in the same part.
/// </summary>
internal sealed class GeminiContentReader
{
    private readonly List<CallRecord> _calls = [];

    public ChatMessage Read(ContentDto content, string path)
    {
        var role = content.Role switch
        {
            null or "user" or "function" => ChatRole.User,
            "model" => ChatRole.Assistant,
            var other => throw Bad($"{path}.role '{other}' is not one of user, model.", $"{path}.role"),
        };

        if (content.Parts is null)
        {
            throw Bad($"{path}.parts is required: an array of parts.", $"{path}.parts");
        }

        var parts = new List<ContentPart>(content.Parts.Count);
        for (var j = 0; j < content.Parts.Count; j++)
        {
            var partPath = $"{path}.parts[{j}]";
            var part = content.Parts[j] ?? throw Bad($"{partPath} must be an object.", partPath);
            if (role == ChatRole.Assistant && part.FunctionCall is not null && GeminiCarriedReasoning.IsPacked(part.ThoughtSignature))
            {
                Restore(parts, GeminiCarriedReasoning.Unpack(part.ThoughtSignature!, $"{partPath}.thoughtSignature"));
            }

            parts.Add(role == ChatRole.Assistant ? ReadModelPart(part, partPath) : ReadUserPart(part, partPath));
        }

        // A user turn made only of function responses is the canonical tool turn.
        if (role == ChatRole.User && parts.Count > 0 && parts.TrueForAll(static p => p is ToolResultPart))
        {
            role = ChatRole.Tool;
        }

        return new ChatMessage(role, parts) { Extensions = ExtensionBag.From(GeminiProtocol.Name, content.Extra) };
    }

    private ContentPart ReadModelPart(PartDto part, string path)
    {
        if (part.FunctionCall is { } call)
        {
            if (string.IsNullOrEmpty(call.Name))
            {
                throw Bad($"{path}.functionCall.name is required.", $"{path}.functionCall.name");
            }

            var id = string.IsNullOrEmpty(call.Id) ? GeminiProtocol.SyntheticCallId("request", _calls.Count, call.Name) : call.Id;
            _calls.Add(new CallRecord(id, call.Name));
            var arguments = call.Args switch
            {
                null or { ValueKind: JsonValueKind.Null } => "{}",
                { ValueKind: JsonValueKind.Object } args => args.GetRawText(),
                _ => throw Bad($"{path}.functionCall.args must be an object.", $"{path}.functionCall.args"),
            };
            var signature = GeminiCarriedReasoning.IsPacked(part.ThoughtSignature) ? null : part.ThoughtSignature;
            return new ToolCallPart(id, call.Name, arguments) { Signature = signature, Extensions = Extras(part) };
        }

        if (part.FunctionResponse is not null)
        {
            throw Bad($"{path}.functionResponse belongs in a user turn, not a model turn.", $"{path}.functionResponse");
        }

        if (part.Text is { } text && part.Thought == true)
        {
            return new ReasoningPart { Text = text, Signature = part.ThoughtSignature, Extensions = Extras(part) };
        }

        return ReadCommonPart(part, path);
    }

    /// <summary>
    /// Puts carried reasoning back before its call. A client that kept the thought part too sent its
    /// text (without what Gemini cannot hold): the carried part, being whole, takes its place.
    /// </summary>
    private static void Restore(List<ContentPart> parts, List<ReasoningPart> carried)
    {
        foreach (var reasoning in carried)
        {
            var kept = parts.FindIndex(p => p is ReasoningPart r && (r.Text.Length > 0
                ? r.Text == reasoning.Text
                : r.EncryptedContent == reasoning.EncryptedContent && r.Signature == reasoning.Signature));
            if (kept >= 0)
            {
                parts[kept] = reasoning;
            }
            else
            {
                parts.Add(reasoning);
            }
        }
    }

    private ContentPart ReadUserPart(PartDto part, string path)
    {
        if (part.FunctionResponse is { } response)
        {
            return ReadFunctionResponse(response, part, $"{path}.functionResponse");
        }

        if (part.FunctionCall is not null)
        {
            throw Bad($"{path}.functionCall belongs in a model turn, not a user turn.", $"{path}.functionCall");
        }

        return ReadCommonPart(part, path);
    }

    /// <summary>Text, inline data and file data: the parts either side may hold.</summary>
    private static ContentPart ReadCommonPart(PartDto part, string path)
    {
        if (part.Text is { } text)
        {
            return new TextPart(text) { Extensions = Extras(part, keepSignature: true) };
        }

        if (part.InlineData is { } blob)
        {
            var mediaType = blob.MimeType ?? throw Bad($"{path}.inlineData.mimeType is required.", $"{path}.inlineData.mimeType");
            var data = Base64(blob.Data, $"{path}.inlineData.data");
            return IsImage(mediaType)
                ? new ImagePart { Data = data, MediaType = mediaType, Extensions = Extras(part, keepSignature: true) }
                : new FilePart { Data = data, MediaType = mediaType, Extensions = Extras(part, keepSignature: true) };
        }

        if (part.FileData is { } file)
        {
            var uri = file.FileUri ?? throw Bad($"{path}.fileData.fileUri is required.", $"{path}.fileData.fileUri");
            return file.MimeType is { } type && IsImage(type)
                ? new ImagePart { Url = uri, MediaType = type, Extensions = Extras(part, keepSignature: true) }
                : new FilePart { Url = uri, MediaType = file.MimeType, FileName = file.DisplayName, Extensions = Extras(part, keepSignature: true) };
        }

        var kind = part.Extra is { Count: > 0 } extra ? extra.Keys.First() : "empty";
        throw Bad($"{path}: a '{kind}' part cannot be translated; Godex takes text, inlineData, fileData, functionCall and functionResponse parts.", path);
    }

    private ToolResultPart ReadFunctionResponse(FunctionResponseDto response, PartDto part, string path)
    {
        if (string.IsNullOrEmpty(response.Name))
        {
            throw Bad($"{path}.name is required.", $"{path}.name");
        }

        var call = Match(response.Id, response.Name);
        var callId = call?.Id ?? response.Id ?? GeminiProtocol.SyntheticCallId("request", _calls.Count, response.Name);

        var (text, isError) = ResponseText(response.Response, path);
        var content = new List<ContentPart> { new TextPart(text) };
        for (var k = 0; k < (response.Parts?.Count ?? 0); k++)
        {
            var inner = response.Parts![k] ?? throw Bad($"{path}.parts[{k}] must be an object.", $"{path}.parts[{k}]");
            content.Add(ReadCommonPart(inner, $"{path}.parts[{k}]"));
        }

        // Keep the client's own response id when pairing replaced it, so Gemini gets it back as sent.
        var fields = response.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(response.Extra);
        if (response.Id is { } originalId && originalId != callId)
        {
            fields["id"] = JsonSerializerString(originalId);
        }

        return new ToolResultPart(callId, content)
        {
            Name = response.Name,
            IsError = isError,
            Extensions = ExtensionBag.From(GeminiProtocol.Name, fields),
        };
    }

    /// <summary>
    /// The call a response answers: the one with its id, else the first unanswered call of that name.
    /// </summary>
    private CallRecord? Match(string? id, string name)
    {
        var match = id is null ? null : _calls.Find(call => call.Id == id);
        match ??= _calls.Find(call => !call.Answered && call.Name == name);
        if (match is not null)
        {
            match.Answered = true;
        }

        return match;
    }

    /// <summary>
    /// Gemini's convention for function responses is `{"output": ...}` or `{"error": ...}`; a lone string
    /// under either becomes the canonical result text, anything else stays JSON text (written back as is).
    /// </summary>
    private static (string Text, bool IsError) ResponseText(JsonElement? response, string path)
    {
        if (response is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return ("{}", false);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{path}.response must be an object.", $"{path}.response");
        }

        var count = 0;
        JsonProperty only = default;
        var hasError = false;
        var hasOutput = false;
        foreach (var property in value.EnumerateObject())
        {
            only = property;
            count++;
            hasError |= property.NameEquals("error");
            hasOutput |= property.NameEquals("output");
        }

        if (count == 1 && only.Value.ValueKind == JsonValueKind.String && (hasError || hasOutput))
        {
            return (only.Value.GetString()!, hasError);
        }

        return (value.GetRawText(), hasError && !hasOutput);
    }

    /// <summary>Part fields the canonical part does not carry; the signature only where the part has no field for it.</summary>
    private static ExtensionBag? Extras(PartDto part, bool keepSignature = false)
    {
        if (!(keepSignature && part.ThoughtSignature is not null) && part.Extra is null)
        {
            return null;
        }

        var fields = part.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(part.Extra);
        if (keepSignature && part.ThoughtSignature is { } signature)
        {
            fields["thoughtSignature"] = JsonSerializerString(signature);
        }

        return ExtensionBag.From(GeminiProtocol.Name, fields);
    }

    private static JsonElement JsonSerializerString(string value) =>
        JsonSerializer.SerializeToElement(value, GeminiJsonContext.Default.String);

    private static byte[] Base64(string? data, string path)
    {
        if (data is null)
        {
            throw Bad($"{path} is required (base64).", path);
        }

        try
        {
            // Google's JSON accepts the URL-safe alphabet (often unpadded) for bytes too.
            if (data.Contains('-') || data.Contains('_') || data.Length % 4 != 0)
            {
                data = data.Replace('-', '+').Replace('_', '/').PadRight(data.Length + ((4 - (data.Length % 4)) % 4), '=');
            }

            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw Bad($"{path} is not valid base64.", path);
        }
    }

    private static bool IsImage(string mediaType) => mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    private static GodexException Bad(string message, string param) => new(GodexError.BadRequest(message, param));

    private sealed class CallRecord(string id, string name)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public bool Answered { get; set; }
    }
}
