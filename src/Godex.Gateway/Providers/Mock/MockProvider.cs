using System.Runtime.CompilerServices;

using Godex.Wire;

namespace Godex.Gateway.Providers.Mock;

/// <summary>
/// The built-in offline provider. Deterministic: the same request gets the same answer, streamed in
/// several chunks, with usage; its behaviour is chosen by model name (see <see cref="MockModels"/>).
/// </summary>
public sealed class MockProvider(string name, TimeProvider time) : IProvider
{
    private const int WordsPerChunk = 3;

    public string Name => name;

    public string Type => Configuration.ProviderTypes.Mock;

    public IReadOnlyList<string> Models => MockModels.All;

    public bool ServesAnyModel => false;

    public Specs.ProviderSpec Spec { get; } = Specs.BuiltInSpecs.For(Configuration.ProviderTypes.Mock);

    /// <summary>The mock has no tokenizer of its own; callers estimate.</summary>
    public Task<long?> CountTokensAsync(ProviderCall call, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    /// <summary>A client that streams gets the answer in chunks, as real upstreams send it; one that does not, in one piece per part.</summary>
    public async IAsyncEnumerable<StreamEvent> AnswerAsync(ProviderCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = call.Request;
        var response = MockScript.Answer(request, ModeOf(request), time.GetUtcNow());
        if (!request.Stream)
        {
            foreach (var streamEvent in ResponseEvents.Unfold(response))
            {
                yield return streamEvent;
            }

            yield break;
        }

        foreach (var streamEvent in ResponseEvents.Unfold(response))
        {
            if (streamEvent is TextDelta delta)
            {
                foreach (var piece in Chunks(delta.Text))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return delta with { Text = piece };
                    await Task.Yield();
                }

                continue;
            }

            if (streamEvent is ToolArgumentsDelta arguments && arguments.Json.Length > 8)
            {
                // Split arguments in two, as real upstreams stream them in fragments (never inside a surrogate pair).
                var half = arguments.Json.Length / 2;
                half -= char.IsHighSurrogate(arguments.Json[half - 1]) ? 1 : 0;
                yield return arguments with { Json = arguments.Json[..half] };
                yield return arguments with { Json = arguments.Json[half..] };
                continue;
            }

            yield return streamEvent;
        }
    }

    private static MockMode ModeOf(ChatRequest request)
    {
        var mode = MockModels.ModeOf(request.Model)
            ?? throw new GodexException(new GodexError(404, "routing.model_not_found", $"The mock provider has no model '{request.Model}'; it serves {string.Join(", ", MockModels.All)}."));
        return mode == MockMode.Error
            ? throw new GodexException(new GodexError(500, "provider.mock_error", "The mock provider failed on purpose: model 'mock-error' always fails.") { UpstreamType = "server_error" })
            : mode;
    }

    private static IEnumerable<string> Chunks(string text)
    {
        var start = 0;
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && ++words == WordsPerChunk)
            {
                yield return text[start..(i + 1)];
                start = i + 1;
                words = 0;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
