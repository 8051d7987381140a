using Godex.Gateway.Telemetry;
using Godex.Wire;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.Admin.Traces;

/// <summary>
/// `GET /admin/api/traces` (search, newest first, paged by cursor), `GET /admin/api/traces/{id}` (with
/// attempts, degradations and the captured request) and `POST /admin/api/traces/{id}/replay` (see
/// <see cref="TraceReplay"/>).
/// </summary>
public static class TracesEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private static readonly string[] Outcomes = ["ok", "error", "client_disconnected"];

    public static IEndpointRouteBuilder MapTracesAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/api/traces", ListAsync);
        routes.MapGet("/admin/api/traces/{id}", GetAsync);
        routes.MapPost("/admin/api/traces/{id}/replay", TraceReplay.ReplayAsync);
        return routes;
    }

    /// <summary>
    /// Filters: key, model (requested or resolved), provider, status (a code, or ok / error /
    /// client_disconnected), since / until (started at, until exclusive), error (text in the error code
    /// or any attempt's message); limit (1–500, default 50); cursor (the last item's, for the next page)
    /// or after (a cursor: only newer traces, oldest first, to follow the list live).
    /// </summary>
    private static async Task ListAsync(HttpContext http, ITraceStore store)
    {
        var limit = (int)(AdminHttp.QueryNumber(http, "limit", 1, MaxLimit) ?? DefaultLimit);
        var status = AdminHttp.QueryText(http, "status");
        int? code = null;
        if (status is not null && !Outcomes.Contains(status))
        {
            code = (int)(AdminHttp.QueryNumber(http, "status", 100, 599)
                ?? throw new InvalidOperationException("status was read"));
        }

        var before = AdminHttp.QueryNumber(http, "cursor", 1, long.MaxValue);
        var after = AdminHttp.QueryNumber(http, "after", 0, long.MaxValue);
        if (before is not null && after is not null)
        {
            throw new GodexException(GodexError.BadRequest("Use cursor (older pages) or after (newer traces), not both.", "after"));
        }

        var query = new TraceQuery
        {
            CallerKeyId = AdminHttp.QueryText(http, "key_id"), // not `key`: that is a credential (`?key=`, Gemini's form)
            Model = AdminHttp.QueryText(http, "model"),
            Provider = AdminHttp.QueryText(http, "provider"),
            Status = code,
            Outcome = code is null ? status : null,
            Since = AdminHttp.QueryTime(http, "since"),
            Until = AdminHttp.QueryTime(http, "until"),
            ErrorText = AdminHttp.QueryText(http, "error"),
            BeforeSequence = before,
            AfterSequence = after,
            Limit = limit + 1, // one more than asked: whether there is another page
        };
        var found = await store.ListAsync(query, http.RequestAborted);
        var page = found.Count > limit ? found.Take(limit).ToList() : found;

        await using var json = AdminHttp.Json(http);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteString("order", after is null ? "newest_first" : "oldest_first");
        json.WriteStartArray("data");
        foreach (var stored in page)
        {
            TraceJson.Write(json, stored.Trace, stored.Sequence, detail: false);
        }

        json.WriteEndArray();
        json.WriteBoolean("has_more", found.Count > limit);

        // Newest first: the next page is older than the last item. Oldest first: poll again after it.
        var last = page.Count > 0 ? page[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        json.WriteString("next_cursor", after is null && found.Count > limit ? last : null);
        json.WriteString("last_cursor", last ?? (after is { } same ? same.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        json.WriteEndObject();
    }

    private static async Task GetAsync(HttpContext http, string id, ITraceStore store)
    {
        var trace = await store.GetAsync(id, http.RequestAborted) ?? throw NotFound(id);
        await using var json = AdminHttp.Json(http);
        TraceJson.Write(json, trace, sequence: null, detail: true);
    }

    internal static GodexException NotFound(string id) =>
        new(new GodexError(404, "trace.not_found", $"No trace '{id}' (it may not be written yet, or retention removed it)."));
}
