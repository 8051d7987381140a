using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Sessions;

/// <summary>A previous_response_id resolved: the conversation so far, oldest first, and the response it continues.</summary>
public sealed record ResolvedChain(IReadOnlyList<ChatMessage> Messages, StoredResponse Parent);

/// <summary>
/// Expands previous_response_id into the whole conversation for stateless upstreams: each stored turn
/// gives its input messages and then its answer as an assistant message, oldest first.
///
/// Parents that did not complete:
/// - incomplete (cut off by max_output_tokens, a content filter, or a client that left mid-stream):
///   its answer is kept as far as it got, except tool calls whose arguments are not whole JSON (they
///   cannot be answered, and most upstreams reject a call without a result);
/// - failed: refused with 400 session.parent_failed. A failed turn has no answer to continue from;
///   the client should continue from the failed response's own parent (or resend the turn).
/// A missing response or ancestor (never stored, deleted, past retention), or one stored under another
/// client key, is a 404 session.not_found;
/// a chain longer than sessions.max_chain_depth is a 400 session.chain_too_deep; a stored chain that
/// loops (only possible by editing the database) is a 409 session.chain_cycle.
/// </summary>
public sealed class ConversationChain(StoredResponses responses, GodexConfig config)
{
    public const string Param = "previous_response_id";

    public async Task<ResolvedChain> ResolveAsync(string previousId, string? owner, CancellationToken cancellationToken)
    {
        var maxDepth = config.Sessions.MaxChainDepth;
        var chain = await responses.ChainAsync(previousId, maxDepth, cancellationToken);
        if (chain.Count == 0 || chain[0].Owner != owner)
        {
            throw NotFound($"Previous response '{previousId}' was not found: it was never stored (store: false), was deleted, or is past its retention.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in chain)
        {
            if (!seen.Add(link.Id))
            {
                throw new GodexException(new GodexError(409, "session.chain_cycle", $"The stored conversation behind '{previousId}' loops back to '{link.Id}'; it cannot be expanded.") { Param = Param });
            }
        }

        if (chain.Count > maxDepth)
        {
            throw new GodexException(new GodexError(400, "session.chain_too_deep",
                $"The conversation behind '{previousId}' is longer than {maxDepth} responses (sessions.max_chain_depth); start a new conversation or send the history in 'input'.")
            { Param = Param });
        }

        if (chain[^1].ParentId is { } missing)
        {
            throw NotFound($"Previous response '{previousId}' continues '{missing}', which was not found (deleted, or past its retention).");
        }

        if (chain.FirstOrDefault(link => link.Status == ResponseStatus.Failed) is { } failed)
        {
            var retry = failed.ParentId is { } parent ? $"continue from '{parent}' instead" : "resend the turn without previous_response_id";
            throw new GodexException(new GodexError(400, "session.parent_failed",
                $"Response '{failed.Id}' failed ({failed.Error?.Code ?? "error"}) and has no answer to continue from; {retry}.")
            { Param = Param });
        }

        var messages = new List<ChatMessage>();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            messages.AddRange(chain[i].Input);
            var answer = Answer(chain[i]);
            if (answer.Count > 0)
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, answer));
            }
        }

        return new ResolvedChain(messages, chain[0]);
    }

    private static IReadOnlyList<ContentPart> Answer(StoredResponse response) => response.Status == ResponseStatus.Completed
        ? response.Output
        : response.Output.Where(part => part is not ToolCallPart call || ToolArguments.IsValidJson(call.ArgumentsJson)).ToList();

    private static GodexException NotFound(string message) =>
        new(new GodexError(404, "session.not_found", message) { Param = Param });
}
