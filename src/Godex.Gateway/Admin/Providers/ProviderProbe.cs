using System.Diagnostics;
using System.Text;

using Godex.Gateway.Compatibility;
using Godex.Gateway.Providers;
using Godex.Gateway.Reliability;
using Godex.Wire;

namespace Godex.Gateway.Admin.Providers;

/// <summary>What one probe of a member found: timing, the answer's start and usage, or the error in words.</summary>
public sealed record ProbeOutcome(string Provider, string Member, string Model, DateTimeOffset TestedAt, double LatencyMs, double? FirstTokenMs, string Text, FinishReason? Finish, Usage? Usage, GodexError? Error);

/// <summary>
/// `POST /admin/api/providers/{name}/test`: one tiny real request (a streamed answer of at most
/// <see cref="MaxOutputTokens"/> tokens) straight to a member through its own provider adapter, with the
/// compatibility planning a routed request would get, but no routing, failover, retries or admission. It
/// is the operator asking, not traffic: it is not traced, not charged to a key, and its outcome is not
/// reported to the member's health (the next real request, or the recovery probe, decides that).
/// </summary>
public sealed class ProviderProbe(RequiredInstructions instructions, TimeProvider time)
{
    public const int MaxOutputTokens = 8;
    public const string DefaultPrompt = "Reply with the single word: OK";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const int MaxText = 200;

    public async Task<ProbeOutcome> RunAsync(PoolMember member, string? model, string? prompt, CancellationToken cancellationToken)
    {
        var provider = member.Provider;
        model ??= (provider.Models.Count > 0 ? provider.Models[0] : null)
            ?? throw new GodexException(GodexError.BadRequest($"Provider '{provider.Name}' lists no model to probe; send {{\"model\": \"...\"}}.", "model"));
        var request = new ChatRequest
        {
            Model = model,
            Messages = [ChatMessage.Text(ChatRole.User, prompt ?? DefaultPrompt)],
            MaxOutputTokens = MaxOutputTokens,
            Stream = true,
            StreamIncludeUsage = true,
        };
        var degradations = new List<string>();
        var planned = CompatibilityPlanner.Plan(request, provider.Spec, provider.Name, provider.Spec.WireProtocol, degradations);
        planned = instructions.Apply(planned, provider.Spec, sessionKey: null, owner: null, degradations);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var testedAt = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        double? firstToken = null;
        var text = new StringBuilder();
        FinishReason? finish = null;
        Usage? usage = null;
        GodexError? error = null;
        try
        {
            await foreach (var item in provider.AnswerAsync(new ProviderCall(planned), timeout.Token))
            {
                switch (item)
                {
                    case TextDelta delta:
                        firstToken ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        text.Append(delta.Text.AsSpan(0, Math.Min(delta.Text.Length, Math.Max(0, MaxText - text.Length))));
                        break;
                    case ReasoningDelta or ToolArgumentsDelta:
                        firstToken ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        break;
                    case UsageReported reported:
                        usage = usage is null ? reported.Usage : usage.Merge(reported.Usage);
                        break;
                    case ResponseFinished finished:
                        finish = finished.Reason;
                        break;
                    case ResponseFailed failed:
                        error = failed.Error;
                        break;
                }
            }
        }
        catch (GodexException exception)
        {
            error = exception.Error;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = new GodexError(504, "provider.timeout", $"The probe got no complete answer within {Timeout.TotalSeconds:0} s.");
        }

        if (error is null && finish is null)
        {
            error = new GodexError(502, "provider.stream_truncated", "The answer ended without a final event.");
        }

        return new ProbeOutcome(provider.Name, member.Id, model, testedAt, Stopwatch.GetElapsedTime(started).TotalMilliseconds, firstToken, text.ToString(), finish, usage, error);
    }
}
