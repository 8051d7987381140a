using Godex.Gateway.Common;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Sessions;

/// <summary>
/// Drains the response queue into the store in batches, off the request path, in queue order (a
/// delete runs after the saves queued before it). A failing store is retried with back-off; after
/// the last attempt the write is dropped and logged. On shutdown it writes what is queued.
/// </summary>
public sealed partial class ResponseStoreWriter(ResponseQueue queue, IResponseStore store, ILogger<ResponseStoreWriter> logger) : BackgroundService
{
    public const int BatchSize = 200;
    private const int Attempts = 5;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);

        // ExecuteAsync may never have run (a host stopped right after starting): write what is left.
        await DrainAsync(CancellationToken.None);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Common.DedicatedThread.Run("godex-response-writer", () => DrainAsync(stoppingToken));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<StoredResponse>(BatchSize);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            // Take what is already queued: under load batches grow, when idle each save commits at once.
            while (batch.Count < BatchSize && reader.TryRead(out var write))
            {
                if (write is SaveResponse save)
                {
                    batch.Add(save.Response);
                    continue;
                }

                await SaveAsync(batch, stoppingToken);
                await DeleteAsync((DeleteResponse)write, stoppingToken);
            }

            await SaveAsync(batch, stoppingToken);
        }
    }

    private async Task SaveAsync(List<StoredResponse> batch, CancellationToken stoppingToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await WithRetryAsync(() => store.WriteAsync(batch, CancellationToken.None), "save", batch.Count, stoppingToken);
        foreach (var response in batch)
        {
            queue.Settled(response.Id, response);
        }

        batch.Clear();
    }

    private async Task DeleteAsync(DeleteResponse delete, CancellationToken stoppingToken)
    {
        var deleted = false;
        await WithRetryAsync(async () => deleted = await store.DeleteAsync(delete.Id, CancellationToken.None), "delete", 1, stoppingToken);
        queue.Settled(delete.Id, null);
        delete.Done.TrySetResult(deleted);
    }

    private async Task WithRetryAsync(Func<Task> write, string operation, int count, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWriteFailed(logger, exception, operation, count, attempt);
                if (attempt >= Attempts || stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored responses: {Operation} of {Count} failed (attempt {Attempt})")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string operation, int count, int attempt);
}
