using System.Runtime.CompilerServices;

using Godex.Gateway.Providers;
using Godex.Gateway.Specs;
using Godex.Wire;

namespace Godex.Gateway.Tests.Pipeline;

/// <summary>
/// A provider that answers with a script: events to yield, errors to throw, pauses. It records every
/// call it gets and whether the stream it handed out was left (disposed or finished).
/// </summary>
internal sealed class ScriptedProvider(string name, params ScriptStep[] script) : IProvider
{
    public string Name { get; } = name;

    public string Type => "mock";

    public IReadOnlyList<string> Models => ["model"];

    public bool ServesAnyModel => true;

    public ProviderSpec Spec { get; init; } = BuiltInSpecs.For("mock");

    /// <summary>What <see cref="CountTokensAsync"/> answers.</summary>
    public long? TokenCount { get; init; }

    /// <summary>When set, <see cref="CountTokensAsync"/> throws it instead.</summary>
    public GodexError? CountFailure { get; init; }

    public List<ProviderCall> Calls { get; } = [];

    public List<ProviderCall> CountCalls { get; } = [];

    /// <summary>The answer's stream was disposed or ran to its end.</summary>
    public bool StreamLeft { get; private set; }

    /// <summary>A provider that answers <paramref name="text"/> in full.</summary>
    public static ScriptedProvider Answering(string name, string text) => new(name, [.. Answer(name, text).Select(e => new Emit(e))]);

    /// <summary>A provider that throws <paramref name="status"/> from its first MoveNextAsync.</summary>
    public static ScriptedProvider Throwing(string name, int status) => new(name, new Throw(Error(status)));

    public static GodexError Error(int status) => new(status, status >= 500 ? "provider.upstream_error" : "provider.refused", $"status {status}");

    /// <summary>A whole answer's events, identified by <paramref name="id"/>.</summary>
    public static StreamEvent[] Answer(string id, string text) =>
    [
        new ResponseStarted(id, "model", DateTimeOffset.UnixEpoch),
        new PartStarted(0, PartKind.Text),
        new TextDelta(0, text),
        new PartDone(0),
        new ResponseFinished(FinishReason.Stop),
    ];

    public IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        Calls.Add(call);
        return PlayAsync(cancellationToken);
    }

    public Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        CountCalls.Add(call);
        return CountFailure is { } failure ? Task.FromException<long?>(new GodexException(failure)) : Task.FromResult(TokenCount);
    }

    private async IAsyncEnumerable<StreamEvent> PlayAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            foreach (var step in script)
            {
                switch (step)
                {
                    case Emit emit:
                        yield return emit.Event;
                        break;
                    case Throw thrown:
                        throw new GodexException(thrown.Error);
                    case Pause pause:
                        await pause.Until.WaitAsync(cancellationToken);
                        break;
                }
            }
        }
        finally
        {
            StreamLeft = true;
        }
    }
}
