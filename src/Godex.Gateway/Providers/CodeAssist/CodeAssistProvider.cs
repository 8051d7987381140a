using System.Runtime.CompilerServices;

using Godex.Gateway.Providers.Credentials;
using Godex.Wire;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// A Code Assist provider (Gemini CLI's or Antigravity's login): finds the login's project first, then
/// sends through one <see cref="HttpProvider"/> per host, in order. A host that cannot be reached or
/// answers 5xx or 429 before the answer starts hands the request to the next; an error from the last
/// host, or any other error, goes back as it came. Login errors are not failed over: every host would
/// give the same.
/// </summary>
public sealed partial class CodeAssistProvider(
    string name,
    string type,
    Specs.ProviderSpec spec,
    IReadOnlyList<string> models,
    IReadOnlyList<HttpProvider> hosts,
    ProjectDiscovery discovery,
    ICredentialSource credentials,
    ILogger logger) : IProvider
{
    private static readonly string[] LoginCodes = ["provider.unavailable", "provider.login_expired", "provider.token_refresh_failed"];

    public string Name => name;

    public string Type => type;

    public IReadOnlyList<string> Models => models;

    public bool ServesAnyModel => true;

    public Specs.ProviderSpec Spec => spec;

    public string? UnavailableReason => credentials.State is { Available: false } state ? state.Reason : null;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        await discovery.GetAsync(cancellationToken);
        for (var i = 0; ; i++)
        {
            try
            {
                return await hosts[i].CompleteAsync(request, cancellationToken);
            }
            catch (GodexException failure) when (i < hosts.Count - 1 && FailsOver(failure.Error))
            {
                LogFailover(logger, name, i + 1, failure.Error.Status, failure.Error.Message);
            }
        }
    }

    public async IAsyncEnumerable<StreamEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await discovery.GetAsync(cancellationToken);
        IAsyncEnumerator<StreamEvent>? events = null;
        for (var i = 0; events is null; i++)
        {
            // Upstream errors arrive from the first MoveNextAsync, before anything reached the client.
            var attempt = hosts[i].StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                if (!await attempt.MoveNextAsync())
                {
                    await attempt.DisposeAsync();
                    yield break;
                }

                events = attempt;
            }
            catch (GodexException failure) when (i < hosts.Count - 1 && FailsOver(failure.Error))
            {
                await attempt.DisposeAsync();
                LogFailover(logger, name, i + 1, failure.Error.Status, failure.Error.Message);
            }
        }

        await using (events)
        {
            do
            {
                yield return events.Current;
            }
            while (await events.MoveNextAsync());
        }
    }

    /// <summary>The upstream's count (no project needed), or null where Code Assist cannot count the request (tools).</summary>
    public async Task<long?> CountTokensAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await hosts[i].CountTokensAsync(request, cancellationToken);
            }
            catch (GodexException failure) when (i < hosts.Count - 1 && FailsOver(failure.Error))
            {
                LogFailover(logger, name, i + 1, failure.Error.Status, failure.Error.Message);
            }
        }
    }

    private static bool FailsOver(GodexError error) =>
        (error.Status >= 500 || error.Status == 429) && Array.IndexOf(LoginCodes, error.Code) < 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider}: host {Host} failed ({Status}: {Detail}); trying the next host")]
    private static partial void LogFailover(ILogger logger, string provider, int host, int status, string detail);
}
