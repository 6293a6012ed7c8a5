using System.Threading.Channels;
using Npgsql;

namespace Parley.Storage.Postgres;

/// <summary>
/// Sends without an idempotency key, committed in groups. A durable commit waits for its WAL
/// flush, and with one transaction per send, concurrent sends queue on that flush (and, on one
/// thread, on that thread's row lock until each commit). Here the sends waiting on this
/// instance go to PostgreSQL as one batch of the one-statement append, in one transaction: one
/// round trip, one flush, one lock hold per thread for the whole group. Every caller is
/// answered only after the commit. Two loops run, so one batch commits while the next is built.
/// </summary>
internal sealed class PostgresAppends : IAsyncDisposable
{
    private const int MaxBatch = 64;
    private const int Loops = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Func<NewMessage, CancellationToken, Task<AppendOutcome>> _alone;
    private readonly Func<Exception, bool> _isOutage;
    private readonly Func<Exception, Exception> _unavailable;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _loops;

    /// <param name="alone">The one-send transaction: for a batch of one, and for each send of a batch PostgreSQL refused.</param>
    public PostgresAppends(
        NpgsqlDataSource dataSource, int capacity, Func<NewMessage, CancellationToken, Task<AppendOutcome>> alone,
        Func<Exception, bool> isOutage, Func<Exception, Exception> unavailable)
    {
        (_dataSource, _alone, _isOutage, _unavailable) = (dataSource, alone, isOutage, unavailable);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        _loops = [.. Enumerable.Range(0, Loops).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>Queues the send; throws <see cref="StoreOverloadedException"/> when the queue is full.</summary>
    public Task<AppendOutcome> AppendAsync(NewMessage message, CancellationToken ct)
    {
        var pending = new Pending(message, ct);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw _queue.Reader.Completion.IsCompleted
                ? new StoreUnavailableException("The store is shutting down.")
                : new StoreOverloadedException();
        }

        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                // A request that gave up before its send went out leaves no trace.
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Done.TrySetCanceled(pending.Cancellation);
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count == 1)
            {
                await RunAloneAsync(batch[0]);
            }
            else if (batch.Count > 1)
            {
                await RunBatchAsync(batch);
            }
        }
    }

    private async Task RunBatchAsync(List<Pending> batch)
    {
        // Every batch, on every instance, locks its threads in one order, so that two batches
        // never wait for each other in a cycle.
        batch.Sort((a, b) => a.Message.ThreadId.CompareTo(b.Message.ThreadId));
        var seqs = new long?[batch.Count];
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlBatch(connection, transaction);
            foreach (var pending in batch)
            {
                command.BatchCommands.Add(PostgresStore.AppendCommand(pending.Message));
            }

            await using (var reader = await command.ExecuteReaderAsync())
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    seqs[i] = await reader.ReadAsync() ? reader.GetInt64(0) : null;
                    await reader.NextResultAsync();
                }
            }

            await transaction.CommitAsync();
        }
        catch (PostgresException ex) when (!_isOutage(ex))
        {
            // PostgreSQL refused a statement and rolled the whole batch back: nothing of it was
            // written, so each send runs alone and gets its own answer.
            await Task.WhenAll(batch.Select(RunAloneAsync));
            return;
        }
        catch (Exception ex) when (_isOutage(ex))
        {
            // As for a single send: a failure while committing leaves unknown whether the commit
            // happened, so nothing is retried; clients retry with an Idempotency-Key.
            var failure = _unavailable(ex);
            batch.ForEach(pending => pending.Done.TrySetException(failure));
            return;
        }
        catch (Exception ex)
        {
            // A bug, not the database: these sends fail, the loop goes on.
            batch.ForEach(pending => pending.Done.TrySetException(ex));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var (pending, seq) = (batch[i], seqs[i]);
            if (seq is { } stored)
            {
                var m = pending.Message;
                pending.Done.TrySetResult(new AppendOutcome(WriteStatus.Done,
                    new MessageRecord(m.Id, m.ThreadId, stored, m.Username, m.Text, m.CreatedAt)));
            }
            else
            {
                // Not a member, or no such thread: nothing was written; alone, it says which.
                _ = RunAloneAsync(pending);
            }
        }
    }

    private async Task RunAloneAsync(Pending pending)
    {
        try
        {
            pending.Done.TrySetResult(await _alone(pending.Message, pending.Cancellation));
        }
        catch (OperationCanceledException) when (pending.Cancellation.IsCancellationRequested)
        {
            pending.Done.TrySetCanceled(pending.Cancellation);
        }
        catch (Exception ex)
        {
            pending.Done.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }

    private sealed record Pending(NewMessage Message, CancellationToken Cancellation)
    {
        public TaskCompletionSource<AppendOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
