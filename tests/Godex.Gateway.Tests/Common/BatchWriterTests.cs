using System.Threading.Channels;

using Godex.Gateway.Common;

namespace Godex.Gateway.Tests.Common;

public sealed class BatchWriterTests
{
    private static readonly BatchWriterOptions Options = new("test-batch-writer", BatchSize: 2) { RetryDelay = TimeSpan.Zero };

    [Fact]
    public async Task What_is_queued_is_written_in_batches_of_at_most_the_batch_size_in_queue_order()
    {
        var queue = Queue("a", "b", "c", "d", "e");
        var sink = new RecordingSink(expectedItems: 5);
        var writer = new BatchWriter<string>(queue, sink, Options);

        await writer.StartAsync(CancellationToken.None);
        await sink.AllSettled;
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], sink.WrittenBatches);
    }

    [Fact]
    public async Task Stopping_writes_what_is_still_queued_even_if_the_writer_never_ran()
    {
        var queue = Queue("a", "b", "c");
        var sink = new RecordingSink(expectedItems: 3);
        var writer = new BatchWriter<string>(queue, sink, Options);

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([["a", "b"], ["c"]], sink.WrittenBatches);
        Assert.True(queue.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task Items_queued_while_running_are_all_written_by_the_time_stopping_returns()
    {
        var queue = Queue();
        var sink = new RecordingSink(expectedItems: 100);
        var writer = new BatchWriter<string>(queue, sink, Options with { BatchWindow = TimeSpan.FromMilliseconds(1) });
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 100; i++)
        {
            await queue.Writer.WriteAsync($"i{i}");
        }

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"i{i}"), sink.WrittenBatches.SelectMany(batch => batch));
        Assert.All(sink.WrittenBatches, batch => Assert.InRange(batch.Length, 1, Options.BatchSize));
    }

    [Fact]
    public async Task A_failing_batch_is_retried_until_it_is_written()
    {
        var queue = Queue("a", "b");
        var sink = new RecordingSink(expectedItems: 2) { FailuresLeft = 2 };
        var writer = new BatchWriter<string>(queue, sink, Options);

        await writer.StartAsync(CancellationToken.None);
        await sink.AllSettled;
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([1, 2], sink.FailedAttempts);
        Assert.Equal([["a", "b"]], sink.WrittenBatches);
        Assert.Empty(sink.GivenUpBatches);
        Assert.Equal(3, sink.Attempts.Count);
        Assert.All(sink.Attempts, attempt => Assert.Equal(["a", "b"], attempt));
    }

    [Fact]
    public async Task A_batch_still_failing_at_the_last_attempt_is_given_up_and_the_next_batch_is_written()
    {
        var queue = Queue("a", "b", "c");
        var sink = new RecordingSink(expectedItems: 3) { FailuresLeft = 3 };
        var writer = new BatchWriter<string>(queue, sink, Options with { Attempts = 3 });

        await writer.StartAsync(CancellationToken.None);
        await sink.AllSettled;
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3], sink.FailedAttempts);
        Assert.Equal([["a", "b"]], sink.GivenUpBatches);
        Assert.Equal([["c"]], sink.WrittenBatches);
    }

    [Fact]
    public async Task An_item_that_writes_alone_gets_a_batch_of_its_own_between_its_neighbours()
    {
        var queue = Queue("a", "!x", "!y", "b", "c", "d");
        var sink = new RecordingSink(expectedItems: 6);
        var writer = new BatchWriter<string>(queue, sink, Options with { BatchSize = 10 });

        await writer.StartAsync(CancellationToken.None);
        await sink.AllSettled;
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([["a"], ["!x"], ["!y"], ["b", "c", "d"]], sink.WrittenBatches);
    }

    private static TestQueue Queue(params string[] items)
    {
        var queue = new TestQueue();
        foreach (var item in items)
        {
            Assert.True(queue.Writer.TryWrite(item));
        }

        return queue;
    }

    private sealed class TestQueue : IBatchSource<string>
    {
        private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

        public ChannelWriter<string> Writer => _channel.Writer;

        public ChannelReader<string> Reader => _channel.Reader;

        public void Complete() => _channel.Writer.TryComplete();
    }

    /// <summary>Records every call (batches copied: the writer reuses its list); items starting with '!' write alone.</summary>
    private sealed class RecordingSink(int expectedItems) : IBatchSink<string>
    {
        private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _settledItems;

        public int FailuresLeft { get; set; }

        public List<string[]> Attempts { get; } = [];

        public List<string[]> WrittenBatches { get; } = [];

        public List<string[]> GivenUpBatches { get; } = [];

        public List<int> FailedAttempts { get; } = [];

        /// <summary>Completes once every expected item was written or given up.</summary>
        public Task AllSettled => _settled.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public bool WritesAlone(string item) => item.StartsWith('!');

        public Task WriteAsync(IReadOnlyList<string> batch, CancellationToken cancellationToken)
        {
            Attempts.Add([.. batch]);
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("store unavailable");
            }

            return Task.CompletedTask;
        }

        public void Written(IReadOnlyList<string> batch) => Settle(WrittenBatches, batch);

        public void Failed(IReadOnlyList<string> batch, Exception exception, int attempt)
        {
            Assert.IsType<InvalidOperationException>(exception);
            FailedAttempts.Add(attempt);
        }

        public void GivenUp(IReadOnlyList<string> batch) => Settle(GivenUpBatches, batch);

        private void Settle(List<string[]> into, IReadOnlyList<string> batch)
        {
            into.Add([.. batch]);
            _settledItems += batch.Count;
            if (_settledItems == expectedItems)
            {
                _settled.TrySetResult();
            }
        }
    }
}
