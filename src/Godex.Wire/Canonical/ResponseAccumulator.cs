using System.Text;

namespace Godex.Wire;

/// <summary>Folds stream events into a <see cref="ChatResponse"/>, so one path serves streaming and not.</summary>
public sealed class ResponseAccumulator
{
    private readonly SortedDictionary<int, PartBuilder> _parts = [];
    private string _id = "";
    private string _model = "";
    private DateTimeOffset _created;
    private FinishReason _finish = FinishReason.Stop;
    private Usage? _usage;
    private ExtensionBag? _extensions;

    public GodexError? Error { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>
    /// A whole answer from its events: the one fold every non-streaming client gets. A failure event
    /// is thrown, since a whole answer has no way to carry one.
    /// </summary>
    public static async Task<ChatResponse> FoldAsync(IAsyncEnumerable<StreamEvent> events, CancellationToken cancellationToken)
    {
        var answer = new ResponseAccumulator();
        await foreach (var streamEvent in events.WithCancellation(cancellationToken))
        {
            answer.Add(streamEvent);
            if (answer.Error is { } error)
            {
                throw new GodexException(error);
            }
        }

        return answer.ToResponse();
    }

    public void Add(StreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case ResponseStarted started:
                (_id, _model, _created, _extensions) = (started.Id, started.Model, started.Created, started.Extensions);
                break;
            case PartStarted started:
                _parts[started.Index] = new PartBuilder(started.Kind, started.ToolCallId, started.ToolName) { Extensions = started.Extensions, Redacted = started.Redacted };
                break;
            case TextDelta delta:
                Part(delta.Index).Text.Append(delta.Text);
                break;
            case ReasoningDelta delta:
                Part(delta.Index).Text.Append(delta.Text);
                break;
            case ReasoningSignature signature:
                var part = Part(signature.Index);
                part.Signature = signature.Signature ?? part.Signature;
                part.Encrypted = signature.EncryptedContent ?? part.Encrypted;
                break;
            case ToolArgumentsDelta delta:
                Part(delta.Index).Text.Append(delta.Json);
                break;
            case UsageReported reported:
                _usage = _usage is null ? reported.Usage : _usage.Merge(reported.Usage);
                break;
            case ResponseFinished finished:
                _finish = finished.Reason;
                Finished = true;
                break;
            case ResponseFailed failed:
                Error = failed.Error;
                break;
        }
    }

    public ChatResponse ToResponse()
    {
        var parts = new List<ContentPart>(_parts.Count);
        foreach (var builder in _parts.Values)
        {
            parts.Add(builder.Build());
        }

        return new ChatResponse
        {
            Id = _id,
            Model = _model,
            Created = _created,
            Parts = parts,
            FinishReason = _finish,
            Usage = _usage,
            Extensions = _extensions,
        };
    }

    private PartBuilder Part(int index)
    {
        if (!_parts.TryGetValue(index, out var builder))
        {
            // A delta without PartStarted: tolerate it as text rather than lose the content.
            builder = new PartBuilder(PartKind.Text, null, null);
            _parts[index] = builder;
        }

        return builder;
    }

    private sealed class PartBuilder(PartKind kind, string? toolId, string? toolName)
    {
        public StringBuilder Text { get; } = new();
        public string? Signature { get; set; }
        public string? Encrypted { get; set; }
        public ExtensionBag? Extensions { get; init; }
        public bool Redacted { get; init; }

        public ContentPart Build() => kind switch
        {
            PartKind.ToolCall => new ToolCallPart(toolId ?? "", toolName ?? "", ToolArguments.Normalize(Text.ToString())) { Signature = Signature, Extensions = Extensions },
            PartKind.Reasoning => new ReasoningPart { Text = Text.ToString(), Signature = Signature, EncryptedContent = Encrypted, Extensions = Extensions, Redacted = Redacted },
            _ => new TextPart(Text.ToString()) { Extensions = Extensions },
        };
    }
}
