using System.Globalization;
using System.Text.Json;

namespace Godex.Wire.Gemini;

/// <summary>
/// Turns GenerateContentResponse chunks into canonical events; one instance per response. Gemini
/// streams whole responses, so the same machine reads a stream chunk by chunk and a non-streamed
/// answer as its single chunk. Consecutive text (or thought) parts continue one canonical part.
/// A `thoughtSignature` on a thought part signs that reasoning part; on a plain text part it opens a
/// reasoning part of its own holding just the signature (writers of other protocols then carry it as
/// reasoning state, and the Gemini writers put it back on the text that follows); on a functionCall it
/// is the call's signature.
/// </summary>
internal sealed class GeminiChunkReader(DateTimeOffset now)
{
    private int _nextIndex;
    private OpenKind _open;
    private int _openIndex = -1;
    private int _callOrdinal;
    private string _responseId = "";
    private GeminiPartialArgs? _streamedArgs;
    private string? _streamedSignature;
    private string? _finishReason;
    private bool _blocked;
    private bool _sawCalls;
    private Usage? _usage;

    private enum OpenKind
    {
        None,
        Text,
        Reasoning,
        StreamedCall,
    }

    public List<StreamEvent> Events { get; } = new(8);

    public bool Started { get; private set; }

    public bool Failed { get; private set; }

    /// <summary>Top-level fields of the last chunk that the canonical model does not name.</summary>
    public Dictionary<string, JsonElement>? Extra { get; private set; }

    /// <summary>Candidate fields of the last chunk that the canonical model does not name (safetyRatings, groundingMetadata, ...).</summary>
    public Dictionary<string, JsonElement>? CandidateExtra { get; private set; }

    public JsonElement? PromptFeedback { get; private set; }

    public void Read(GenerateContentResponseDto chunk)
    {
        if (Failed)
        {
            return;
        }

        if (chunk.Error is { } error)
        {
            Fail(GeminiErrors.FromBody(error.Code is >= 400 and < 600 ? error.Code.Value : 502, error));
            return;
        }

        if (!Started)
        {
            Started = true;
            _responseId = chunk.ResponseId ?? "";
            Events.Add(new ResponseStarted(_responseId, chunk.ModelVersion ?? "", CreatedAt(chunk.CreateTime)));
        }

        // Every chunk repeats the running totals: reported as they come (ahead of the chunk's content), so
        // a stream cut mid-answer still accounts for what it used; the last report is the answer's usage.
        if (GeminiUsage.Read(chunk.UsageMetadata) is { } usage && usage != _usage)
        {
            _usage = usage;
            Events.Add(new UsageReported(usage));
        }

        Extra = chunk.Extra ?? Extra;
        if (chunk.Candidates is { Count: > 0 } candidates && candidates[0] is { } candidate)
        {
            CandidateExtra = candidate.Extra ?? CandidateExtra;
            foreach (var part in candidate.Content?.Parts ?? [])
            {
                if (part is not null)
                {
                    ReadPart(part);
                }

                if (Failed)
                {
                    return;
                }
            }

            _finishReason = candidate.FinishReason ?? _finishReason;
        }

        if (chunk.PromptFeedback is { ValueKind: JsonValueKind.Object } feedback)
        {
            PromptFeedback = feedback;
            _blocked |= feedback.TryGetProperty("blockReason", out var reason) && reason.ValueKind == JsonValueKind.String;
        }
    }

    /// <summary>
    /// Closes the answer. A stream must have said why it stopped (finishReason, or a blocked prompt);
    /// without that it was cut off. A whole answer without finishReason is taken as a plain stop.
    /// </summary>
    public IEnumerable<StreamEvent> Finish(bool requireFinishReason)
    {
        if (Failed)
        {
            yield break;
        }

        if (!Started || (requireFinishReason && _finishReason is null && !_blocked))
        {
            yield return new ResponseFailed(new GodexError(502, "provider.stream_truncated",
                Started ? "The upstream stream ended before a chunk with finishReason." : "The upstream stream ended without sending any chunk."));
            yield break;
        }

        Close();
        foreach (var pending in Events)
        {
            yield return pending;
        }

        Events.Clear();
        var reason = _blocked && _finishReason is null ? FinishReason.ContentFilter : GeminiProtocol.ParseFinishReason(_finishReason);
        yield return new ResponseFinished(reason == FinishReason.Stop && _sawCalls ? FinishReason.ToolCalls : reason);
    }

    private void ReadPart(PartDto part)
    {
        if (part.FunctionCall is { } call)
        {
            ReadCall(call, part.ThoughtSignature);
            return;
        }

        if (part.InlineData is not null || part.FileData is not null || part.FunctionResponse is not null)
        {
            Unsupported(part.InlineData is not null ? "inlineData" : part.FileData is not null ? "fileData" : "functionResponse");
            return;
        }

        if (part.Text is null && part.ThoughtSignature is null)
        {
            if (part.Extra is { Count: > 0 } extra)
            {
                Unsupported(extra.Keys.First()); // executableCode, codeExecutionResult, toolCall, ...
            }

            return;
        }

        var text = part.Text ?? "";
        if (part.Thought == true)
        {
            var index = Ensure(OpenKind.Reasoning, PartKind.Reasoning);
            if (text.Length > 0)
            {
                Events.Add(new ReasoningDelta(index, text));
            }

            if (part.ThoughtSignature is { } thoughtSignature)
            {
                Events.Add(new ReasoningSignature(index, thoughtSignature));
            }

            return;
        }

        if (part.ThoughtSignature is { } signature)
        {
            Close();
            var index = Open(OpenKind.Reasoning, PartKind.Reasoning);
            Events.Add(new ReasoningSignature(index, signature));
            Close();
        }

        if (text.Length > 0)
        {
            Events.Add(new TextDelta(Ensure(OpenKind.Text, PartKind.Text), text));
        }
    }

    private void ReadCall(FunctionCallDto call, string? signature)
    {
        if (!string.IsNullOrEmpty(call.Name))
        {
            Close();
            _sawCalls = true;
            var id = string.IsNullOrEmpty(call.Id) ? GeminiProtocol.SyntheticCallId(_responseId, _callOrdinal, call.Name) : call.Id;
            _callOrdinal++;
            var index = _nextIndex++;
            Events.Add(new PartStarted(index, PartKind.ToolCall) { ToolCallId = id, ToolName = call.Name });
            if (call.WillContinue == true || call.PartialArgs is { Count: > 0 })
            {
                (_open, _openIndex) = (OpenKind.StreamedCall, index);
                _streamedArgs = new GeminiPartialArgs();
                _streamedSignature = signature;
                ApplyPartialArgs(call);
                if (call.WillContinue != true)
                {
                    Close();
                }

                return;
            }

            Events.Add(new ToolArgumentsDelta(index, call.Args is { ValueKind: JsonValueKind.Object } args ? args.GetRawText() : "{}"));
            if (signature is not null)
            {
                Events.Add(new ReasoningSignature(index, signature));
            }

            Events.Add(new PartDone(index));
            return;
        }

        // A nameless functionCall continues the streamed call; one without willContinue ends it.
        if (_open != OpenKind.StreamedCall)
        {
            if (call.PartialArgs is { Count: > 0 } || call.Args is not null)
            {
                Fail(new GodexError(502, "provider.invalid_stream", "The upstream sent function-call arguments without a function call to attach them to."));
            }

            return;
        }

        _streamedSignature ??= signature;
        ApplyPartialArgs(call);
        if (!Failed && call.WillContinue != true)
        {
            Close();
        }
    }

    private void ApplyPartialArgs(FunctionCallDto call)
    {
        foreach (var piece in call.PartialArgs ?? [])
        {
            if (_streamedArgs!.Apply(piece) is { } problem)
            {
                Fail(new GodexError(502, "provider.invalid_stream", $"The upstream's streamed function call is malformed: {problem}."));
                return;
            }
        }
    }

    private int Ensure(OpenKind kind, PartKind partKind) => _open == kind ? _openIndex : Open(kind, partKind);

    private int Open(OpenKind kind, PartKind partKind)
    {
        Close();
        (_open, _openIndex) = (kind, _nextIndex++);
        Events.Add(new PartStarted(_openIndex, partKind));
        return _openIndex;
    }

    private void Close()
    {
        if (_open == OpenKind.StreamedCall)
        {
            Events.Add(new ToolArgumentsDelta(_openIndex, _streamedArgs!.ToJson()));
            if (_streamedSignature is not null)
            {
                Events.Add(new ReasoningSignature(_openIndex, _streamedSignature));
            }

            (_streamedArgs, _streamedSignature) = (null, null);
        }

        if (_open != OpenKind.None)
        {
            Events.Add(new PartDone(_openIndex));
            (_open, _openIndex) = (OpenKind.None, -1);
        }
    }

    private void Unsupported(string kind) =>
        Fail(new GodexError(502, "provider.unsupported_output", $"The upstream answered with a Gemini '{kind}' part, which Godex cannot pass on to clients yet."));

    private void Fail(GodexError error)
    {
        Failed = true;
        Events.Add(new ResponseFailed(error));
    }

    private DateTimeOffset CreatedAt(string? createTime) =>
        createTime is not null && DateTimeOffset.TryParse(createTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : now;
}
