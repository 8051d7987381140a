using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

using Godex.Gateway.Pipeline;
using Godex.Gateway.Sessions;
using Godex.Wire;
using Godex.Wire.Json;
using Godex.Wire.Responses;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// `GET /v1/responses/{id}`, `DELETE /v1/responses/{id}` and `GET /v1/responses/{id}/input_items`,
/// in OpenAI's shapes: the response object as it was returned, `{id, object: "response", deleted}`,
/// and a cursor list of this turn's own input items (`data`, `first_id`, `last_id`, `has_more`).
/// </summary>
public static class StoredResponsesEndpoints
{
    public static IEndpointRouteBuilder MapStoredResponses(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/responses/{id}", GetAsync);
        routes.MapDelete("/v1/responses/{id}", DeleteAsync);
        routes.MapGet("/v1/responses/{id}/input_items", InputItemsAsync);
        return routes;
    }

    private static async Task GetAsync(HttpContext http, string id, StoredResponses responses)
    {
        var stored = await FindAsync(http, responses, id);
        var bag = new Dictionary<string, JsonElement> { ["store"] = Element(true) };
        if (stored.ParentId is { } parent)
        {
            bag["previous_response_id"] = Element(parent);
        }

        var echo = new ChatRequest { Model = stored.Model, Instructions = stored.Instructions, Extensions = new ExtensionBag(ResponsesProtocol.Name, bag) };
        var response = new ChatResponse { Id = stored.Id, Model = stored.Model, Created = stored.Created, Parts = stored.Output, FinishReason = stored.FinishReason, Usage = stored.Usage };
        http.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions))
        {
            ResponsesResponseWriter.Write(json, response, new ResponsesReply(echo), stored.Error, interrupted: stored.Status == ResponseStatus.Incomplete);
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    private static async Task DeleteAsync(HttpContext http, string id, StoredResponses responses)
    {
        if (!await responses.DeleteAsync(id, GatewayContexts.Of(http).StateOwner, http.RequestAborted))
        {
            throw NotFound(id);
        }

        await WriteAsync(http, new JsonObject { ["id"] = id, ["object"] = "response", ["deleted"] = true });
    }

    private static async Task InputItemsAsync(HttpContext http, string id, StoredResponses responses)
    {
        var stored = await FindAsync(http, responses, id);
        var query = http.Request.Query;
        var limit = 20;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            throw new GodexException(GodexError.BadRequest($"'limit' must be a whole number from 1 to 100, not '{limitText}'.", "limit"));
        }

        var order = query["order"].ToString() is { Length: > 0 } orderText ? orderText : "desc";
        if (order is not ("asc" or "desc"))
        {
            throw new GodexException(GodexError.BadRequest($"'order' must be asc or desc, not '{order}'.", "order"));
        }

        var items = InputItemPage.Items(stored);
        var page = InputItemPage.Take(items, order == "desc", Cursor(query, "after"), Cursor(query, "before"), limit);
        var data = new JsonArray();
        foreach (var item in page.Items)
        {
            data.Add(item.DeepClone());
        }

        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["first_id"] = page.Items.Count > 0 ? (string?)page.Items[0]["id"] : null,
            ["last_id"] = page.Items.Count > 0 ? (string?)page.Items[^1]["id"] : null,
            ["has_more"] = page.HasMore,
        };
        await WriteAsync(http, list);
    }

    private static async Task WriteAsync(HttpContext http, JsonNode body)
    {
        http.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(http.Response.BodyWriter, WireJson.WriterOptions))
        {
            body.WriteTo(json);
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    private static JsonElement Element(JsonNode value)
    {
        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.Clone();
    }

    private static string? Cursor(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } value ? value : null;

    private static async Task<StoredResponse> FindAsync(HttpContext http, StoredResponses responses, string id) =>
        await responses.FindAsync(id, GatewayContexts.Of(http).StateOwner, http.RequestAborted) ?? throw NotFound(id);

    private static GodexException NotFound(string id) =>
        new(new GodexError(404, "session.not_found", $"Response '{id}' was not found: it was never stored (store: false), was deleted, or is past its retention."));
}

/// <summary>A stored turn's input items with ids, and OpenAI's cursor paging over them.</summary>
public static class InputItemPage
{
    public sealed record Page(IReadOnlyList<JsonNode> Items, bool HasMore);

    /// <summary>The turn's input as Responses items, oldest first; items the client sent without an id get a stable one.</summary>
    public static IReadOnlyList<JsonNode> Items(StoredResponse stored)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ResponsesInputItems.Write(json, stored.Input, []);
        }

        var core = stored.Id.StartsWith("resp_", StringComparison.Ordinal) ? stored.Id["resp_".Length..] : stored.Id;
        var items = JsonNode.Parse(buffer.WrittenSpan)!.AsArray();
        var result = new List<JsonNode>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]!.AsObject();
            if (item["id"] is null)
            {
                var prefix = (string?)item["type"] switch
                {
                    "message" => "msg",
                    "function_call" => "fc",
                    "function_call_output" => "fco",
                    "reasoning" => "rs",
                    _ => "item",
                };
                item["id"] = $"{prefix}_{core}_in{i}";
            }

            result.Add(item);
        }

        return result;
    }

    /// <summary>Up to <paramref name="limit"/> items in the asked order, strictly after `after` and before `before` (ids, in that order).</summary>
    public static Page Take(IReadOnlyList<JsonNode> chronological, bool descending, string? after, string? before, int limit)
    {
        var ordered = descending ? chronological.Reverse().ToList() : chronological.ToList();
        var start = 0;
        var end = ordered.Count;
        if (after is not null)
        {
            start = IndexOf(ordered, after, "after") + 1;
        }

        if (before is not null)
        {
            end = IndexOf(ordered, before, "before");
        }

        var count = Math.Max(0, Math.Min(limit, end - start));
        return new Page(ordered.Skip(start).Take(count).ToList(), start + count < end);
    }

    private static int IndexOf(List<JsonNode> items, string id, string param)
    {
        var index = items.FindIndex(item => (string?)item["id"] == id);
        return index >= 0 ? index : throw new GodexException(GodexError.BadRequest($"'{param}' names item '{id}', which is not an input item of this response.", param));
    }
}
