namespace Godex.Gateway.Common;

/// <summary>
/// Runs an async loop on a thread of its own, with every continuation coming back to that thread.
/// The background writers use it: SQLite's "async" calls are synchronous, and on a thread-pool worker
/// a batch insert holds one of the few workers that requests need (on two cores it showed as ms of
/// p99 latency on unrelated requests).
/// </summary>
public static class DedicatedThread
{
    public static Task Run(string name, Func<Task> loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new LoopContext();
            SynchronizationContext.SetSynchronizationContext(context);
            Task task;
            try
            {
                task = loop();
            }
            catch (Exception exception)
            {
                task = Task.FromException(exception);
            }

            task.ContinueWith(_ => context.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            context.RunUntilComplete();
            if (task.IsFaulted)
            {
                done.SetException(task.Exception!.InnerExceptions);
            }
            else if (task.IsCanceled)
            {
                done.SetCanceled();
            }
            else
            {
                done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Queues posted continuations and runs them, in order, on the loop's thread. Waits with
    /// Monitor.Wait rather than a BlockingCollection: its SemaphoreSlim spins (sched_yield) before it
    /// sleeps, on every wake-up, which was a tenth of the trace writer's CPU on two busy cores.
    /// </summary>
    private sealed class LoopContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = [];
        private bool _completed;

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_queue)
            {
                if (!_completed)
                {
                    _queue.Enqueue((d, state));
                    Monitor.Pulse(_queue);
                    return;
                }
            }

            // The loop has ended; a late continuation still runs, on the pool.
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The loop context runs posted work only.");

        public override SynchronizationContext CreateCopy() => this;

        public void Complete()
        {
            lock (_queue)
            {
                _completed = true;
                Monitor.Pulse(_queue);
            }
        }

        /// <summary>Runs what is posted until <see cref="Complete"/>, then what was queued before it.</summary>
        public void RunUntilComplete()
        {
            while (true)
            {
                (SendOrPostCallback Callback, object? State) next;
                lock (_queue)
                {
                    while (_queue.Count == 0)
                    {
                        if (_completed)
                        {
                            return;
                        }

                        Monitor.Wait(_queue);
                    }

                    next = _queue.Dequeue();
                }

                next.Callback(next.State);
            }
        }
    }
}
