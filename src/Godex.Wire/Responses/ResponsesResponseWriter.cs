using System.Buffers;
using System.Text.Json;

using Godex.Wire.Json;

namespace Godex.Wire.Responses;

/// <summary>Writes a <see cref="ChatResponse"/> as a Responses `response` object (status completed or incomplete).</summary>
public static class ResponsesResponseWriter
{
    public static void Write(IBufferWriter<byte> output, ChatResponse response, ResponsesReply reply)
    {
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        Write(json, response, reply);
    }

    /// <summary>
    /// Writes the response object; with <paramref name="error"/> it is a failed response (as a stored
    /// turn that failed mid-stream is shown again), with <paramref name="interrupted"/> an incomplete one.
    /// </summary>
    public static void Write(Utf8JsonWriter json, ChatResponse response, ResponsesReply reply, GodexError? error = null, bool interrupted = false)
    {
        var ids = ResponsesIds.For(response.Id);
        var incomplete = error is null ? ResponsesProtocol.IncompleteReasonFor(response.FinishReason) : null;
        var status = error is not null ? "failed" : incomplete is null && !interrupted ? "completed" : "incomplete";
        ResponsesReplyWriter.WriteObject(json, reply, new ResponsesReplyWriter.Snapshot(ids.ResponseId, response.Created, response.Model, status)
        {
            Output = Group(response.Parts, reply.Tools, ids),
            Usage = response.Usage,
            Error = error,
            IncompleteReason = incomplete,
            ItemStatus = status == "completed" ? "completed" : "incomplete",
            OutputText = true,
            Extensions = response.Extensions,
        });
    }

    /// <summary>Output items for canonical parts: consecutive text of one message item stays one message.</summary>
    internal static List<OutputItem> Group(IReadOnlyList<ContentPart> parts, ResponsesToolMap tools, ResponsesIds ids)
    {
        var items = new List<OutputItem>(parts.Count);
        string? openKey = null;
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart text when ResponsesJson.BagValue(text.Extensions, ResponsesProtocol.OpaqueItem) is { } item:
                    items.Add(new OpaqueOutput(item));
                    openKey = null;
                    break;
                case TextPart text:
                    var key = MessageKey(text.Extensions);
                    if (openKey == key && items.Count > 0 && items[^1] is MessageOutput open)
                    {
                        open.Texts.Add(text);
                    }
                    else
                    {
                        items.Add(new MessageOutput(MessageId(text.Extensions) ?? ids.Next("msg"), [text]));
                        openKey = key;
                    }

                    break;
                case ReasoningPart reasoning:
                    items.Add(new ReasoningOutput(ResponsesJson.BagString(reasoning.Extensions, "id") ?? ids.Next("rs"), reasoning));
                    openKey = null;
                    break;
                case ToolCallPart call:
                    var type = tools.CallType(call.Name, call.Extensions);
                    items.Add(new CallOutput(ResponsesJson.BagString(call.Extensions, "id") ?? ids.Next(ResponsesIds.PrefixFor(type)), type, call));
                    openKey = null;
                    break;
            }
        }

        return items;
    }

    /// <summary>Which message item a text part belongs to, as a comparable key ("" when it says nothing).</summary>
    internal static string MessageKey(ExtensionBag? bag) =>
        ResponsesJson.BagValue(bag, ResponsesProtocol.MessageFields)?.GetRawText() ?? "";

    internal static string? MessageId(ExtensionBag? bag) =>
        ResponsesJson.BagValue(bag, ResponsesProtocol.MessageFields) is { } fields ? ResponsesJson.String(fields, "id") : null;
}
