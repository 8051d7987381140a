using System.Buffers;
using System.Net;
using System.Text.Json;

using Godex.Gateway.Providers.Credentials;
using Godex.Wire;
using Godex.Wire.Gemini;
using Godex.Wire.Json;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// Finds the Google Cloud project a Code Assist login works in, once per provider, as Gemini CLI's
/// setupUser does: `loadCodeAssist` names it for a user already set up; otherwise `onboardUser` on the
/// default tier (a long-running operation, polled until done) creates or names it. A configured
/// `project` skips the calls. One discovery at a time: requests arriving meanwhile wait for its answer.
/// A failed discovery is not cached, so a later request tries again.
/// </summary>
public sealed partial class ProjectDiscovery(
    string provider,
    string? configured,
    string? hint,
    IReadOnlyList<string> hosts,
    IReadOnlyDictionary<string, string> headers,
    OAuthCredentialSource credentials,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    /// <summary>Between polls of an unfinished onboarding (Gemini CLI waits 5 s; an answer usually comes at once).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private const int MaxPolls = 30;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile string? _project = configured;

    /// <summary>The project once known; the provider waits for <see cref="GetAsync"/> before any call.</summary>
    public string? Known => _project;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_project is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_project is { } found)
            {
                return found; // found while this request waited
            }

            var project = await DiscoverAsync(cancellationToken);
            LogDiscovered(logger, provider, project);
            return _project = project;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string> DiscoverAsync(CancellationToken cancellationToken)
    {
        using var load = await CallAsync(HttpMethod.Post, "v1internal:loadCodeAssist", json =>
        {
            json.WriteStartObject();
            if (hint is not null)
            {
                json.WriteString("cloudaicompanionProject", hint);
            }

            WriteMetadata(json, hint);
            json.WriteEndObject();
        }, cancellationToken);
        var answer = load.RootElement;
        if (answer.TryGetProperty("currentTier", out var tier) && tier.ValueKind == JsonValueKind.Object)
        {
            return ProjectId(answer) ?? hint ?? throw NoProject("loadCodeAssist named no project for this account");
        }

        var tierId = DefaultTier(answer);
        using var operation = await OnboardAsync(tierId, cancellationToken);
        return operation.RootElement.TryGetProperty("response", out var response) && ProjectId(response) is { } onboarded
            ? onboarded
            : hint ?? throw NoProject($"onboardUser (tier {tierId}) named no project");
    }

    private async Task<JsonDocument> OnboardAsync(string tierId, CancellationToken cancellationToken)
    {
        // The free tier runs in a project Google manages: naming one there is refused (Precondition Failed).
        var project = tierId == "free-tier" ? null : hint;
        var operation = await CallAsync(HttpMethod.Post, "v1internal:onboardUser", json =>
        {
            json.WriteStartObject();
            json.WriteString("tierId", tierId);
            if (project is not null)
            {
                json.WriteString("cloudaicompanionProject", project);
            }

            WriteMetadata(json, project);
            json.WriteEndObject();
        }, cancellationToken);

        for (var poll = 0; !Done(operation.RootElement); poll++)
        {
            var name = operation.RootElement.TryGetProperty("name", out var value) ? value.GetString() : null;
            if (name is null || poll == MaxPolls)
            {
                operation.Dispose();
                throw NoProject(name is null ? "onboardUser answered an unfinished operation without a name" : $"onboarding did not finish after {MaxPolls} polls");
            }

            operation.Dispose();
            await Task.Delay(PollInterval, time, cancellationToken);
            operation = await CallAsync(HttpMethod.Get, "v1internal/" + name, write: null, cancellationToken);
        }

        return operation;
    }

    /// <summary>One discovery call, to the hosts in order (the next after a connect failure, 5xx or 429), renewing the login once after a 401.</summary>
    private async Task<JsonDocument> CallAsync(HttpMethod method, string path, Action<Utf8JsonWriter>? write, CancellationToken cancellationToken)
    {
        GodexError? last = null;
        foreach (var host in hosts)
        {
            var credential = await credentials.GetAsync(cancellationToken);
            var (status, body) = await SendAsync(method, new Uri(host + "/" + path), write, credential, cancellationToken);
            if (status == HttpStatusCode.Unauthorized)
            {
                var refusal = GeminiErrors.Read((int)status, body, provider);
                credential = await credentials.RenewAsync(credential, refusal, cancellationToken);
                (status, body) = await SendAsync(method, new Uri(host + "/" + path), write, credential, cancellationToken);
            }

            if (status == HttpStatusCode.OK)
            {
                try
                {
                    return JsonDocument.Parse(body);
                }
                catch (JsonException exception)
                {
                    throw NoProject($"{path} answered with invalid JSON: {exception.Message}");
                }
            }

            last = status == 0
                ? new GodexError(502, "provider.unreachable", Text(body))
                : GeminiErrors.Read((int)status, body, provider);
            if (status != 0 && (int)status < 500 && status != HttpStatusCode.TooManyRequests)
            {
                break;
            }
        }

        throw new GodexException(last! with
        {
            Code = last!.Code == "provider.unreachable" ? last.Code : "provider.project_discovery_failed",
            Message = $"Provider '{provider}' could not find its Code Assist project ({path}: {last.Message}). Set providers.{provider}.project to skip discovery.",
        });
    }

    /// <summary>Sends once; a connection failure comes back as status 0 with the reason as the body.</summary>
    private async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpMethod method, Uri url, Action<Utf8JsonWriter>? write, Credential credential, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (write is not null)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
            {
                write(json);
            }

            request.Content = new ReadOnlyMemoryContent(buffer.WrittenMemory) { Headers = { ContentType = new("application/json") } };
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        CredentialHeaders.Apply(request, credential);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            using var response = await httpClients.CreateClient(UpstreamHttp.ClientName).SendAsync(request, timeout.Token);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(timeout.Token));
        }
        catch (HttpRequestException exception)
        {
            return (0, System.Text.Encoding.UTF8.GetBytes($"Provider '{provider}' at {url.GetLeftPart(UriPartial.Authority)} is unreachable: {exception.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, System.Text.Encoding.UTF8.GetBytes($"Provider '{provider}' at {url.GetLeftPart(UriPartial.Authority)} did not answer within {CallTimeout.TotalSeconds:0} s"));
        }
    }

    private static void WriteMetadata(Utf8JsonWriter json, string? duetProject)
    {
        json.WriteStartObject("metadata");
        json.WriteString("ideType", "IDE_UNSPECIFIED");
        json.WriteString("platform", "PLATFORM_UNSPECIFIED");
        json.WriteString("pluginType", "GEMINI");
        if (duetProject is not null)
        {
            json.WriteString("duetProject", duetProject);
        }

        json.WriteEndObject();
    }

    /// <summary>`cloudaicompanionProject` as loadCodeAssist gives it (a string) or onboardUser does (`{id}`).</summary>
    private static string? ProjectId(JsonElement element) =>
        !element.TryGetProperty("cloudaicompanionProject", out var project) ? null
        : project.ValueKind == JsonValueKind.String ? project.GetString() is { Length: > 0 } id ? id : null
        : project.ValueKind == JsonValueKind.Object && project.TryGetProperty("id", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString()
        : null;

    /// <summary>The allowed tier marked default, else the legacy tier (as Gemini CLI chooses).</summary>
    private static string DefaultTier(JsonElement answer)
    {
        if (answer.TryGetProperty("allowedTiers", out var tiers) && tiers.ValueKind == JsonValueKind.Array)
        {
            foreach (var tier in tiers.EnumerateArray())
            {
                if (tier.TryGetProperty("isDefault", out var isDefault) && isDefault.ValueKind == JsonValueKind.True
                    && tier.TryGetProperty("id", out var id) && id.GetString() is { } tierId)
                {
                    return tierId;
                }
            }
        }

        return "legacy-tier";
    }

    private static bool Done(JsonElement operation) =>
        operation.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True;

    private static string Text(byte[] body) => System.Text.Encoding.UTF8.GetString(body);

    private GodexException NoProject(string why) =>
        new(new GodexError(502, "provider.project_discovery_failed",
            $"Provider '{provider}' could not find its Code Assist project: {why}. Set providers.{provider}.project (or GOOGLE_CLOUD_PROJECT) to name one."));

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {Provider} works in Code Assist project {Project}")]
    private static partial void LogDiscovered(ILogger logger, string provider, string project);
}
