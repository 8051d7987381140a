using System.Runtime.CompilerServices;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Wire;
using Godex.Wire.Responses;

namespace Godex.Gateway.Sessions;

/// <summary>
/// The Responses API's state on any upstream: expands previous_response_id into the conversation,
/// fills in omitted instructions from the session's cache, rebuilds tool calls a follow-up answers
/// without sending them, and stores each answer (store defaults to true, as OpenAI's does). A provider
/// configured `stateful` keeps the conversation itself: a turn continuing one it answered is sent with
/// that provider's own response id and only the new input.
/// </summary>
public sealed class ResponseSessions(StoredResponses responses, ConversationChain chain, InstructionsCache instructions, GodexConfig config, TimeProvider time)
{
    /// <summary>The turn for a request in a session, owned by <paramref name="owner"/>, going to <paramref name="provider"/> (the plan's first candidate).</summary>
    public async Task<SessionTurn> BeginAsync(ChatRequest request, string sessionKey, string? owner, string provider, CancellationToken cancellationToken)
    {
        var stateful = config.Providers.TryGetValue(provider, out var settings) && settings.Stateful;
        var previousId = PreviousId(request);
        var store = Field(request, "store") is not { ValueKind: JsonValueKind.False };
        var turn = new SessionTurn
        {
            Upstream = request,
            Echo = request,
            ResponseId = store ? "resp_" + Guid.NewGuid().ToString("N") : null,
            ParentId = previousId,
            Input = request.Messages,
            SessionKey = sessionKey,
            Owner = owner,
            Provider = provider,
            Stateful = stateful,
        };

        if (stateful && previousId is not null
            && await responses.FindAsync(previousId, owner, cancellationToken) is { UpstreamId: { } upstreamParent, Status: not ResponseStatus.Failed } parent
            && parent.Provider == provider)
        {
            // The upstream holds the conversation: name its own id for the parent, send only this turn.
            var carried = request.Instructions ?? instructions.Recall(owner, sessionKey) ?? parent.Instructions;
            Remember(owner, sessionKey, request.Instructions);
            return turn with
            {
                Upstream = request with { Instructions = carried, Extensions = With(request.Extensions, "previous_response_id", upstreamParent) },
                Echo = request with { Instructions = carried },
            };
        }

        var history = previousId is null ? null : await chain.ResolveAsync(previousId, owner, cancellationToken);
        var input = await RebuildCallsAsync(history?.Messages ?? [], request.Messages, sessionKey, owner, cancellationToken);

        var effective = request.Instructions;
        Remember(owner, sessionKey, effective);
        if (effective is null && (history is not null || input.All(OnlyToolResults)))
        {
            // A follow-up without instructions: the session's last ones, else the parent's.
            effective = instructions.Recall(owner, sessionKey) ?? history?.Parent.Instructions;
        }

        var messages = history is null ? input : [.. history.Messages, .. input];
        return turn with
        {
            // The upstream gets the whole conversation, so the id of a response it never saw stays here.
            Upstream = request with { Messages = messages, Instructions = effective, Extensions = Without(request.Extensions, "previous_response_id") },
            Echo = request with { Instructions = effective },
            Input = input,
        };
    }

    private void Remember(string? owner, string sessionKey, string? given)
    {
        if (given is not null)
        {
            instructions.Remember(owner, sessionKey, given);
        }
    }

    /// <summary>
    /// Passes an answer through under Godex's response id and stores it: on its final event, committed
    /// before that event is written (the event, or the body folded from it, is what hands the client
    /// its id to continue from, so that id survives a crash; the next turn finds it at once), or queued
    /// as incomplete / failed when the stream ends without one (an id seen only in `response.created`
    /// of a stream that never finished carries no promise).
    /// </summary>
    public async IAsyncEnumerable<StreamEvent> StreamAsync(SessionTurn turn, IAsyncEnumerable<StreamEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (turn.ResponseId is not { } id)
        {
            await foreach (var streamEvent in events.WithCancellation(cancellationToken))
            {
                yield return streamEvent;
            }

            yield break;
        }

        var answer = new ResponseAccumulator();
        var started = false;
        var saved = false;
        string? upstreamId = null;
        try
        {
            await foreach (var upstreamEvent in events.WithCancellation(cancellationToken))
            {
                var streamEvent = upstreamEvent;
                if (streamEvent is ResponseStarted start)
                {
                    upstreamId = start.Id;
                    streamEvent = start with { Id = id, Created = time.GetUtcNow() };
                }
                else if (!started)
                {
                    var synthetic = new ResponseStarted(id, turn.Upstream.Model, time.GetUtcNow());
                    answer.Add(synthetic);
                    started = true;
                    yield return synthetic;
                }

                started = true;
                answer.Add(streamEvent);
                if (streamEvent is ResponseFinished or ResponseFailed && !saved)
                {
                    saved = true;
                    await SaveFinalAsync(turn, answer, upstreamId);
                }

                yield return streamEvent;
            }
        }
        finally
        {
            if (started && !saved)
            {
                // No final event: the client left (incomplete, as far as it got) or the stream broke (failed).
                var error = cancellationToken.IsCancellationRequested ? null : new GodexError(502, "provider.stream_truncated", "The upstream stream ended without a final event.");
                await SaveAsync(turn, answer.ToResponse() with { Id = id }, error is null ? ResponseStatus.Incomplete : ResponseStatus.Failed, error, upstreamId, committed: false);
            }
        }
    }

    private Task SaveFinalAsync(SessionTurn turn, ResponseAccumulator answer, string? upstreamId)
    {
        var response = answer.ToResponse() with { Id = turn.ResponseId! };
        if (answer.Error is { } error)
        {
            return SaveAsync(turn, response, ResponseStatus.Failed, error, upstreamId, committed: true);
        }

        var incomplete = !answer.Finished || ResponsesProtocol.IncompleteReasonFor(response.FinishReason) is not null;
        return SaveAsync(turn, response, incomplete ? ResponseStatus.Incomplete : ResponseStatus.Completed, null, upstreamId, committed: true);
    }

    private async Task SaveAsync(SessionTurn turn, ChatResponse response, ResponseStatus status, GodexError? error, string? upstreamId, bool committed)
    {
        var stored = new StoredResponse
        {
            Id = response.Id,
            ParentId = turn.ParentId,
            Model = response.Model.Length > 0 ? response.Model : turn.Upstream.Model,
            Created = response.Created == default ? time.GetUtcNow() : response.Created,
            Status = status,
            FinishReason = response.FinishReason,
            Error = error,
            Instructions = turn.Echo.Instructions,
            Input = turn.Input,
            Output = response.Parts,
            Usage = response.Usage,
            SessionKey = turn.SessionKey,
            Owner = turn.Owner,
            Provider = turn.Provider,
            UpstreamId = turn.Stateful && !string.IsNullOrEmpty(upstreamId) ? upstreamId : null,
        };
        if (committed)
        {
            await responses.SaveCommittedAsync(stored, CancellationToken.None);
        }
        else
        {
            await responses.SaveAsync(stored, CancellationToken.None);
        }
    }

    /// <summary>
    /// A follow-up may answer tool calls it does not repeat (it relies on the stored turn). Calls found
    /// neither in the history nor in the input are looked up among the session's stored answers and put
    /// back, in one assistant message, just before the first result that needs them.
    /// </summary>
    private async Task<IReadOnlyList<ChatMessage>> RebuildCallsAsync(IReadOnlyList<ChatMessage> history, IReadOnlyList<ChatMessage> input, string sessionKey, string? owner, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in history.Concat(input).SelectMany(message => message.Parts))
        {
            if (part is ToolCallPart call)
            {
                known.Add(call.Id);
            }
        }

        List<ContentPart>? rebuilt = null;
        var at = -1;
        for (var i = 0; i < input.Count; i++)
        {
            foreach (var part in input[i].Parts)
            {
                if (part is ToolResultPart result && !known.Contains(result.CallId)
                    && await responses.FindCallAsync(result.CallId, sessionKey, owner, cancellationToken) is { } call)
                {
                    (rebuilt ??= []).Add(call);
                    known.Add(call.Id);
                    at = at < 0 ? i : at;
                }
            }
        }

        if (rebuilt is null)
        {
            return input;
        }

        var messages = input.ToList();
        messages.Insert(at, new ChatMessage(ChatRole.Assistant, rebuilt));
        return messages;
    }

    private static bool OnlyToolResults(ChatMessage message) =>
        (message.Parts.Count > 0 && message.Parts.All(part => part is ToolResultPart)) || message.Role == ChatRole.Assistant;

    private static string? PreviousId(ChatRequest request) => Field(request, "previous_response_id") switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } id when id.GetString() is { Length: > 0 } text => text,
        _ => throw new GodexException(GodexError.BadRequest("'previous_response_id' must be a response id string (resp_...).", ConversationChain.Param)),
    };

    private static JsonElement? Field(ChatRequest request, string name) =>
        request.Extensions is { Protocol: ResponsesProtocol.Name } bag && bag.Fields.TryGetValue(name, out var value) ? value : null;

    private static ExtensionBag With(ExtensionBag? bag, string field, string value)
    {
        var fields = bag?.Fields.ToDictionary() ?? [];
        fields[field] = JsonSerializer.SerializeToElement(value, SessionJsonContext.Default.String);
        return new ExtensionBag(ResponsesProtocol.Name, fields);
    }

    private static ExtensionBag? Without(ExtensionBag? bag, string field)
    {
        if (bag is null || !bag.Fields.ContainsKey(field))
        {
            return bag;
        }

        var fields = bag.Fields.Where(pair => pair.Key != field).ToDictionary();
        return new ExtensionBag(bag.Protocol, fields);
    }
}
