using System.Text;

using Godex.Gateway.Pipeline;
using Godex.Gateway.Telemetry;
using Godex.Wire;
using Godex.Wire.Anthropic;
using Godex.Wire.Gemini;
using Godex.Wire.OpenAIChat;
using Godex.Wire.Responses;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Admin.Traces;

/// <summary>
/// `POST /admin/api/traces/{id}/replay`: the captured request, read by its own protocol's reader, runs
/// through the gateway's pipeline again as a new request (routed afresh under the config in force, its
/// own trace, attributed to the admin key, not the original caller). The answer is folded and summed
/// up; the new trace id is in the body and in `x-request-id`. What capture does not keep is not
/// replayed: headers (Anthropic betas, a Model-Provider override) and a Responses turn's stored history.
/// </summary>
public static class TraceReplay
{
    private const int MaxText = 2000;

    public static async Task ReplayAsync(HttpContext http, string id, ITraceStore store, ChatPipeline pipeline)
    {
        var original = await store.GetAsync(id, http.RequestAborted) ?? throw TracesEndpoints.NotFound(id);
        if (!TraceJson.HasPayload(original))
        {
            var why = original.RequestPayload is null
                ? "its request was not captured (trace.capture_payload was off when it was recorded)"
                : "its captured request is not JSON, or was cut at the capture limit";
            throw new GodexException(new GodexError(409, "trace.no_payload", $"Trace '{id}' cannot be replayed: {why}."));
        }

        var context = GatewayContexts.Of(http);
        context.ClientProtocol = original.ClientProtocol;

        // The replayed body becomes this request's body, so payload capture records what was sent again.
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(original.RequestPayload!), writable: false);
        var request = await ReadAsync(original, http.Request.Body, http.RequestAborted);

        ChatResponse? response = null;
        try
        {
            response = await ResponseAccumulator.FoldAsync(await pipeline.StartAsync(context, request, http.RequestAborted), http.RequestAborted);
            if (response.FinishReason == FinishReason.Error && context.Error is null)
            {
                context.Error = new GodexError(502, "provider.stream_failed", "The replayed answer failed.");
            }
        }
        catch (GodexException exception)
        {
            context.Error = exception.Error;
        }

        var error = context.Error;
        await using var json = AdminHttp.Json(http, error?.Status ?? 200);
        json.WriteStartObject();
        json.WriteString("trace_id", context.RequestId);
        json.WriteString("replay_of", original.Id);
        json.WriteBoolean("ok", error is null);
        json.WriteNumber("status", error?.Status ?? 200);
        json.WriteString("model", context.RequestedModel);
        json.WriteString("provider", (context.Route ?? (context.Attempts.Count > 0 ? context.Attempts[^1].Route : null))?.Provider.Name);
        var text = response?.JoinedText() ?? "";
        json.WriteString("output_text", text.Length > MaxText ? text[..MaxText] : text);
        json.WriteUsage(response?.Usage);

        json.WriteError(error);

        json.WriteEndObject();
    }

    /// <summary>The request as its own front door read it; Gemini's model and streaming live in the path, kept on the trace.</summary>
    private static async Task<ChatRequest> ReadAsync(TraceRecord original, Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return original.ClientProtocol switch
            {
                OpenAIChatProtocol.Name => await OpenAIChatRequestReader.ReadAsync(body, cancellationToken),
                ResponsesProtocol.Name => await ResponsesRequestReader.ReadAsync(body, cancellationToken),
                AnthropicProtocol.Name => await AnthropicRequestReader.ReadAsync(body, cancellationToken),
                GeminiProtocol.Name => (await GeminiRequestReader.ReadAsync(body, cancellationToken)) with { Model = original.RequestedModel ?? "", Stream = original.Stream },
                _ => throw new GodexException(new GodexError(409, "trace.not_replayable", $"Trace '{original.Id}' came in as '{original.ClientProtocol}', which has no request to replay.")),
            };
        }
        catch (GodexException exception) when (exception.Error.Code != "trace.not_replayable")
        {
            throw new GodexException(new GodexError(409, "trace.not_replayable", $"Trace '{original.Id}': its captured request no longer reads as {original.ClientProtocol}: {exception.Error.Message}"));
        }
    }
}
