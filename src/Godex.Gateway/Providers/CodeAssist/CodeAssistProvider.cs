using System.Runtime.CompilerServices;

using Godex.Gateway.Failover;
using Godex.Gateway.Providers.Credentials;
using Godex.Wire;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers.CodeAssist;

/// <summary>
/// A Code Assist provider (Gemini CLI's or Antigravity's login): finds the login's project first, then
/// sends through one <see cref="HttpProvider"/> per host, in order, through the shared
/// <see cref="FailoverLoop"/>. A host that cannot be reached or answers 5xx or 429 before the answer
/// starts hands the request to the next; an error from the last host, or any other error, goes back as
/// it came. Login errors are not failed over: every host would give the same.
/// </summary>
public sealed partial class CodeAssistProvider(
    string name,
    string type,
    Specs.ProviderSpec spec,
    IReadOnlyList<string> models,
    IReadOnlyList<HttpProvider> hosts,
    ProjectDiscovery discovery,
    ICredentialSource credentials,
    ILogger logger) : IProvider, IAttemptListener<HttpProvider>
{
    public string Name => name;

    public string Type => type;

    public IReadOnlyList<string> Models => models;

    public bool ServesAnyModel => true;

    public Specs.ProviderSpec Spec => spec;

    public string? UnavailableReason => credentials.State is { Available: false } state ? state.Reason : null;

    public async IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await discovery.GetAsync(cancellationToken);
        await foreach (var streamEvent in FailoverLoop.StreamAsync(hosts, host => host.AnswerAsync(call, cancellationToken), this, cancellationToken))
        {
            yield return streamEvent;
        }
    }

    /// <summary>The upstream's count (no project needed), or null where Code Assist cannot count the request (tools).</summary>
    public Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken) =>
        FailoverLoop.CallAsync(hosts, host => host.CountTokensAsync(call, cancellationToken), this);

    void IAttemptListener<HttpProvider>.Starting(HttpProvider candidate)
    {
    }

    bool IAttemptListener<HttpProvider>.FailsOver(HttpProvider candidate, GodexError error)
    {
        // Hosts share one login: only a host's own trouble moves on; a login problem, or its spent quota, would repeat on every host.
        if (AttemptOutcomes.Classify(error) != AttemptOutcome.TryNext || error.QuotaExhausted)
        {
            return false;
        }

        LogFailover(logger, name, Position(candidate), error.Status, error.Message);
        return true;
    }

    void IAttemptListener<HttpProvider>.Committed(HttpProvider candidate)
    {
    }

    private int Position(HttpProvider host)
    {
        for (var i = 0; i < hosts.Count; i++)
        {
            if (ReferenceEquals(hosts[i], host))
            {
                return i + 1;
            }
        }

        return 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider}: host {Host} failed ({Status}: {Detail}); trying the next host")]
    private static partial void LogFailover(ILogger logger, string provider, int host, int status, string detail);
}
