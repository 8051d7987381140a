using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

using Godex.Wire.OpenAIChat;
using Godex.Wire.Sse;

namespace Godex.Wire.Responses;

/// <summary>
/// Turns an upstream's Responses event stream into canonical events. Each output item becomes parts:
/// a message one text part per content part, reasoning one reasoning part (encrypted_content as its
/// signature event), a tool call one tool-call part (item ids and types kept in the part's bag). The
/// stream must end in response.completed / response.incomplete; response.failed and `error` events end
/// it as failures, and a stream that just stops becomes a failure too, never a silent truncation.
/// </summary>
public static class ResponsesStreamReader
{
    public static async IAsyncEnumerable<StreamEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var state = new State();
        await foreach (var sse in SseReader.ReadAsync(body, cancellationToken).ConfigureAwait(false))
        {
            if (sse.Data == "[DONE]")
            {
                break;
            }

            StreamEventDto? dto = null;
            try
            {
                dto = JsonSerializer.Deserialize(sse.Data, ResponsesJsonContext.Default.StreamEventDto);
            }
            catch (JsonException exception)
            {
                state.Fail(new GodexError(502, "provider.invalid_stream", $"The upstream sent a stream event that is not valid JSON: {exception.Message}"));
            }

            if (dto is not null)
            {
                try
                {
                    state.Read(dto);
                }
                catch (GodexException exception)
                {
                    state.Fail(new GodexError(502, "provider.invalid_stream", $"The upstream sent a malformed stream event: {exception.Error.Message}"));
                }
            }

            foreach (var streamEvent in state.Events)
            {
                yield return streamEvent;
            }

            state.Events.Clear();
            if (state.Ended)
            {
                yield break;
            }
        }

        yield return new ResponseFailed(new GodexError(502, "provider.stream_truncated", state.Started
            ? "The upstream stream ended before response.completed."
            : "The upstream stream ended without sending any event."));
    }

    private sealed class State
    {
        private static readonly string[] MessageFields = ["type", "role", "content", "status"];
        private readonly Dictionary<string, Item> _items = new(StringComparer.Ordinal);
        private readonly SortedSet<int> _open = [];
        private int _nextIndex;
        private bool _sawToolCall;

        public List<StreamEvent> Events { get; } = new(4);

        public bool Started { get; private set; }

        public bool Ended { get; private set; }

        public void Fail(GodexError error)
        {
            Events.Add(new ResponseFailed(error));
            Ended = true;
        }

        public void Read(StreamEventDto dto)
        {
            switch (dto.Type)
            {
                case "response.created" or "response.in_progress" or "response.queued":
                    Start(dto.Response);
                    break;
                case "response.output_item.added" when dto.Item is { } item:
                    Start(null);
                    Added(item, dto.OutputIndex ?? 0);
                    break;
                case "response.content_part.added":
                    Start(null);
                    ContentPart(dto.ItemId, dto.ContentIndex ?? 0, dto.Part);
                    break;
                case "response.output_text.delta" or "response.refusal.delta":
                    Text(dto.ItemId, dto.ContentIndex ?? 0, Delta(dto), dto.Type == "response.refusal.delta");
                    break;
                case "response.output_text.done" or "response.refusal.done":
                    var text = TextPart(dto.ItemId, dto.ContentIndex ?? 0, dto.Type == "response.refusal.done");
                    if (!text.Streamed && (dto.Text ?? dto.Refusal) is { Length: > 0 } whole)
                    {
                        Events.Add(new TextDelta(text.Index, whole));
                        text.Streamed = true;
                    }

                    break;
                case "response.content_part.done":
                    if (Find(dto.ItemId)?.Contents.TryGetValue(dto.ContentIndex ?? 0, out var done) == true)
                    {
                        Close(done.Index);
                    }

                    break;
                case "response.function_call_arguments.delta" when Find(dto.ItemId) is { } call:
                    Arguments(call, Delta(dto));
                    break;
                case "response.function_call_arguments.done" when Find(dto.ItemId) is { Streamed: false } call && dto.Arguments is { Length: > 0 } arguments:
                    Arguments(call, arguments);
                    break;
                case "response.custom_tool_call_input.delta" when Find(dto.ItemId) is { } custom:
                    if (!custom.Streamed)
                    {
                        Arguments(custom, "{\"input\":\"");
                    }

                    Arguments(custom, JsonEncodedText.Encode(Delta(dto), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
                    break;
                case "response.reasoning_summary_part.added" when Find(dto.ItemId) is { } reasoning:
                    if (reasoning.Streamed && dto.SummaryIndex > reasoning.Summary)
                    {
                        Events.Add(new ReasoningDelta(reasoning.Index, "\n\n")); // the summaries join as the non-streamed form does
                    }

                    reasoning.Summary = dto.SummaryIndex ?? 0;
                    break;
                case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta" when Find(dto.ItemId) is { } reasoning && Delta(dto) is { Length: > 0 } delta:
                    Events.Add(new ReasoningDelta(reasoning.Index, delta));
                    reasoning.Streamed = true;
                    break;
                case "response.output_item.done" when dto.Item is { } item:
                    Start(null);
                    Done(item, dto.OutputIndex ?? 0);
                    break;
                case "response.completed" or "response.incomplete":
                    Start(dto.Response);
                    Complete(dto.Response);
                    break;
                case "response.failed":
                    Fail(ResponsesErrors.FromUpstream(dto.Response?.Error));
                    break;
                case "error":
                    Fail(ResponsesErrors.FromUpstream(dto.Error, OpenAIChatErrors.CodeText(dto.Code), dto.Message, dto.Param));
                    break;
            }
        }

        private void Start(ResponseObjectDto? response)
        {
            if (!Started)
            {
                Started = true;
                Events.Add(new ResponseStarted(response?.Id ?? "", response?.Model ?? "", DateTimeOffset.FromUnixTimeSeconds(response?.CreatedAt ?? 0)));
            }
        }

        private void Added(JsonElement element, int outputIndex)
        {
            var id = ResponsesJson.String(element, "id") ?? $"item_{outputIndex}";
            var type = ResponsesJson.String(element, "type") ?? "";
            var item = new Item(type);
            _items[id] = item;
            switch (type)
            {
                case "message":
                    var fields = ResponsesJson.Rest(element, MessageFields);
                    item.MessageFields = ResponsesJson.Build(json =>
                    {
                        json.WriteStartObject();
                        foreach (var (name, value) in fields ?? [])
                        {
                            json.WritePropertyName(name);
                            value.WriteTo(json);
                        }

                        json.WriteEndObject();
                    });
                    break;
                case "reasoning":
                    item.Index = Open(new PartStarted(_nextIndex, PartKind.Reasoning) { Extensions = ResponsesJson.Bag(new() { ["id"] = ResponsesJson.StringValue(id) }) });
                    break;
                case var call when ResponsesCalls.IsCall(call):
                    var part = ResponsesItemReader.Call(element, call, $"output[{outputIndex}]");
                    item.Index = Open(new PartStarted(_nextIndex, PartKind.ToolCall)
                    {
                        ToolCallId = part.Id,
                        ToolName = part.Name,
                        Extensions = ResponsesJson.Bag(ResponsesJson.Fields(part.Extensions)?.Where(static f => f.Key != "status").ToDictionary()),
                    });
                    _sawToolCall = true;
                    break;
            }
        }

        private void ContentPart(string? itemId, int contentIndex, JsonElement? part)
        {
            var item = ItemOrMessage(itemId);
            if (!item.Contents.ContainsKey(contentIndex))
            {
                var refusal = part is { } p && ResponsesJson.String(p, "type") == "refusal";
                item.Contents[contentIndex] = OpenText(item, part, refusal);
            }
        }

        private void Text(string? itemId, int contentIndex, string delta, bool refusal)
        {
            var text = TextPart(itemId, contentIndex, refusal);
            if (delta.Length > 0)
            {
                Events.Add(new TextDelta(text.Index, delta));
                text.Streamed = true;
            }
        }

        private Item TextPart(string? itemId, int contentIndex, bool refusal)
        {
            var item = ItemOrMessage(itemId);
            if (!item.Contents.TryGetValue(contentIndex, out var text))
            {
                text = OpenText(item, null, refusal);
                item.Contents[contentIndex] = text;
            }

            return text;
        }

        private Item OpenText(Item message, JsonElement? part, bool refusal)
        {
            var fields = part is { ValueKind: JsonValueKind.Object } p ? ResponsesJson.Rest(p, ["type", "text", "refusal"]) ?? [] : [];
            fields[ResponsesProtocol.MessageFields] = message.MessageFields ?? ResponsesJson.Parse("{}");
            if (refusal)
            {
                fields["type"] = ResponsesJson.StringValue("refusal");
            }

            return new Item("text") { Index = Open(new PartStarted(_nextIndex, PartKind.Text) { Extensions = ResponsesJson.Bag(fields) }) };
        }

        private void Arguments(Item call, string json)
        {
            if (json.Length > 0)
            {
                Events.Add(new ToolArgumentsDelta(call.Index, json));
                call.Streamed = true;
            }
        }

        private void Done(JsonElement element, int outputIndex)
        {
            var id = ResponsesJson.String(element, "id") ?? $"item_{outputIndex}";
            if (!_items.TryGetValue(id, out var item))
            {
                Added(element, outputIndex);
                item = _items[id];
            }

            switch (item.Type)
            {
                case "message":
                    if (item.Contents.Count == 0)
                    {
                        // No content events came: the finished item carries the text.
                        foreach (var part in ResponsesItemReader.AssistantMessage(element, $"output[{outputIndex}]"))
                        {
                            var index = Open(new PartStarted(_nextIndex, PartKind.Text) { Extensions = part.Extensions });
                            Events.Add(new TextDelta(index, ((TextPart)part).Text));
                            Close(index);
                        }
                    }

                    foreach (var text in item.Contents.Values)
                    {
                        Close(text.Index);
                    }

                    break;
                case "reasoning":
                    var reasoning = ResponsesItemReader.Reasoning(element);
                    if (!item.Streamed && reasoning.Text.Length > 0)
                    {
                        Events.Add(new ReasoningDelta(item.Index, reasoning.Text));
                    }

                    if (reasoning.EncryptedContent is { } encrypted)
                    {
                        Events.Add(new ReasoningSignature(item.Index, null, encrypted));
                    }

                    Close(item.Index);
                    break;
                case var call when ResponsesCalls.IsCall(call):
                    if (call == ResponsesCalls.Custom && item.Streamed)
                    {
                        Arguments(item, "\"}");
                    }
                    else if (!item.Streamed)
                    {
                        Arguments(item, ResponsesCalls.Arguments(call, element));
                    }

                    Close(item.Index);
                    break;
                default:
                    var opaque = Open(new PartStarted(_nextIndex, PartKind.Text)
                    {
                        Extensions = ResponsesJson.Bag(new() { [ResponsesProtocol.OpaqueItem] = element.Clone() }),
                    });
                    Close(opaque);
                    break;
            }
        }

        private void Complete(ResponseObjectDto? response)
        {
            if (_nextIndex == 0 && response?.Output is { Count: > 0 } output)
            {
                // A server that sent no item events: the final response carries the output.
                var parts = ResponsesResponseReader.ReadOutput(output);
                foreach (var streamEvent in ResponseEvents.Unfold(new ChatResponse { Parts = parts }))
                {
                    if (streamEvent is not (ResponseStarted or ResponseFinished))
                    {
                        Events.Add(streamEvent);
                    }
                }

                _sawToolCall = parts.Any(static part => part is ToolCallPart);
            }

            foreach (var index in _open.ToList())
            {
                Close(index);
            }

            if (response?.Usage is { } usage)
            {
                Events.Add(new UsageReported(ResponsesResponseReader.ReadUsage(usage)));
            }

            var reason = response?.Status == "incomplete" ? ResponsesProtocol.IncompleteReason(response.IncompleteDetails?.Reason)
                : _sawToolCall ? FinishReason.ToolCalls
                : FinishReason.Stop;
            Events.Add(new ResponseFinished(reason));
            Ended = true;
        }

        private int Open(PartStarted started)
        {
            Events.Add(started);
            _open.Add(started.Index);
            return _nextIndex++;
        }

        private void Close(int index)
        {
            if (_open.Remove(index))
            {
                Events.Add(new PartDone(index));
            }
        }

        private Item? Find(string? itemId) => itemId is not null && _items.TryGetValue(itemId, out var item) ? item : null;

        private Item ItemOrMessage(string? itemId)
        {
            var id = itemId ?? "";
            if (!_items.TryGetValue(id, out var item))
            {
                item = new Item("message") { MessageFields = ResponsesJson.Build(json => { json.WriteStartObject(); json.WriteString("id", id); json.WriteEndObject(); }) };
                _items[id] = item;
            }

            return item;
        }

        private static string Delta(StreamEventDto dto) => dto.Delta is { ValueKind: JsonValueKind.String } delta ? delta.GetString()! : "";

        private sealed class Item(string type)
        {
            public string Type { get; } = type;
            public int Index { get; set; } = -1;
            public bool Streamed { get; set; }
            public int Summary { get; set; }
            public JsonElement? MessageFields { get; set; }
            public Dictionary<int, Item> Contents { get; } = [];
        }
    }
}
