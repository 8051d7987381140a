using Godex.Gateway.Configuration;
using Godex.Wire;

namespace Godex.Gateway.Security.Limits;

/// <summary>
/// Admits a request against its key's limits and its model's (`limits.models`), all or nothing: if
/// any limit refuses, what the others took is given back, and the refusal names the limit, its
/// figures and when it will let the request through.
/// </summary>
public sealed class RateLimits(TimeProvider time)
{
    /// <summary>A refusal of the concurrency limit cannot know when a request will end: ask again after this.</summary>
    private static readonly TimeSpan ConcurrencyRetry = TimeSpan.FromSeconds(1);

    private readonly LimitPartitions _keys = new();
    private readonly LimitPartitions _models = new();

    /// <summary>Partitions held now (idle ones are dropped about once a minute).</summary>
    public int PartitionCount => _keys.Count + _models.Count;

    /// <param name="keyId">The caller's key (its partition) when <paramref name="key"/> limits it.</param>
    /// <param name="tokens">The reservation against tokens per minute (only read where a TPM applies).</param>
    public AdmissionResult Admit(string keyId, RateLimitConfig? key, ModelLimitConfig? model, long tokens)
    {
        var now = time.GetUtcNow().UtcTicks;
        AdmissionResult? byKey = null;
        if (key is not null)
        {
            byKey = _keys.Take(keyId, key, now, partition => TakeFrom(partition, "key", tokens, now));
            if (byKey.Refused is not null)
            {
                return byKey;
            }
        }

        AdmissionResult? byModel = null;
        if (model is not null)
        {
            byModel = _models.Take(model.Pattern, model.Limits, now, partition => TakeFrom(partition, "model", tokens, now));
            if (byModel.Refused is not null)
            {
                byKey?.Held!.Settle(0, now, keepRequest: false);
                return byModel;
            }
        }

        Admission.Held[] held = byKey is null ? [byModel!.Held!] : byModel is null ? [byKey.Held!] : [byKey.Held!, byModel.Held!];

        // The key's figures where the key has a per-minute limit, else the model's.
        var headers = byKey is not null && (key!.Rpm is not null || key.Tpm is not null) ? byKey.Headers : (byModel ?? byKey)!.Headers;
        return new AdmissionResult(new Admission(held, time) { Headers = headers }, null, headers);
    }

    /// <summary>Takes one request, the tokens and a concurrency lease from a partition (under its lock), or none of them.</summary>
    private static AdmissionResult TakeFrom(LimitPartition partition, string scope, long tokens, long now)
    {
        WindowCharge? request = null;
        if (partition.Requests is { } requests)
        {
            if (!requests.TryTake(1, now, out var charge))
            {
                return Refuse(partition, scope, "rpm", requests.WaitFor(1, now), now);
            }

            request = charge;
        }

        WindowCharge? reserved = null;
        if (partition.Tokens is { } window)
        {
            if (!window.TryTake(tokens, now, out var charge))
            {
                Undo(partition, request, null, now);
                return Refuse(partition, scope, "tpm", window.WaitFor(tokens, now), now);
            }

            reserved = charge;
        }

        System.Threading.RateLimiting.RateLimitLease? lease = null;
        if (partition.Concurrency is { } concurrency)
        {
            lease = concurrency.AttemptAcquire(1);
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                Undo(partition, request, reserved, now);
                return Refuse(partition, scope, "concurrency", ConcurrencyRetry, now);
            }
        }

        return new AdmissionResult(null, null, LimitHeaders.Of(partition, now)) { Held = new Admission.Held(partition, request, reserved, lease) };
    }

    private static void Undo(LimitPartition partition, WindowCharge? request, WindowCharge? tokens, long now)
    {
        if (request is { } taken)
        {
            partition.Requests!.Settle(taken, 0, now);
        }

        if (tokens is { } reserved)
        {
            partition.Tokens!.Settle(reserved, 0, now);
        }
    }

    private static AdmissionResult Refuse(LimitPartition partition, string scope, string limit, TimeSpan wait, long now)
    {
        var which = $"{scope}.{limit}";
        var limits = partition.Limits;
        var (figure, what) = limit switch
        {
            "rpm" => (limits.Rpm, "requests per minute"),
            "tpm" => (limits.Tpm, "tokens per minute"),
            _ => (limits.MaxConcurrent, "requests at once"),
        };
        var whose = scope == "key" ? "This key" : "This model";
        var when = limit == "concurrency" ? "when one of its requests in flight ends" : $"in {LimitHeaders.Duration(wait)}";
        var headers = LimitHeaders.Of(partition, now);
        headers.Add(new(LimitHeaders.Which, which));
        var code = limit switch
        {
            "rpm" => "limit.requests_per_minute",
            "tpm" => "limit.tokens_per_minute",
            _ => "limit.concurrent_requests",
        };
        var error = new GodexError(429, code, $"{whose} is limited to {figure} {what} ({which}); try again {when}.")
        {
            RetryAfter = LimitHeaders.RetryAfter(wait),
        };
        return new AdmissionResult(null, error, headers);
    }
}

/// <summary>An admission, or the refusal (429 with `retry-after`); either way the headers to send.</summary>
public sealed record AdmissionResult(Admission? Admitted, GodexError? Refused, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>One partition's take, while the admission is being assembled.</summary>
    internal Admission.Held? Held { get; init; }
}
