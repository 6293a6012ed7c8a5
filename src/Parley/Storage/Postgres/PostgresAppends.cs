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
/// A send a batch cannot answer runs alone through <see cref="PostgresWrites"/>, awaited by its
/// loop, so disposing waits for every send that was queued.
/// </summary>
internal sealed class PostgresAppends : IAsyncDisposable
{
    private const int MaxBatch = 64;
    private const int Loops = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWrites _writes;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _loops;

    public PostgresAppends(NpgsqlDataSource dataSource, PostgresWrites writes, int capacity)
    {
        _dataSource = dataSource;
        _writes = writes;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        _loops = [.. Enumerable.Range(0, Loops).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>Queues the send; throws <see cref="StoreOverloadedException"/> when the queue is full.</summary>
    public Task<AppendOutcome> AppendAsync(NewMessage message, CancellationToken ct)
    {
        var pending = new Pending(message, ct);
        if (_queue.Writer.TryWrite(pending))
        {
            return pending.Done.Task;
        }

        if (_queue.Reader.Completion.IsCompleted)
        {
            throw new StoreUnavailableException("The store is shutting down.");
        }

        throw new StoreOverloadedException();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
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
                await RunEachAloneAsync(await RunBatchAsync(batch));
            }
        }
    }

    /// <summary>Sends the batch in one transaction and answers what it stored; returns the sends left to run alone.</summary>
    private async Task<IReadOnlyList<Pending>> RunBatchAsync(List<Pending> batch)
    {
        // Every batch, on every instance, locks its threads in one order, so that two batches
        // never wait for each other in a cycle.
        batch.Sort((a, b) => a.Message.ThreadId.CompareTo(b.Message.ThreadId));
        long?[] seqs;
        try
        {
            seqs = await CommitAsync(batch);
        }
        catch (PostgresException ex) when (!PostgresFailures.IsOutage(ex, CancellationToken.None))
        {
            // PostgreSQL refused a statement and rolled the whole batch back: nothing of it was
            // written, so each send runs alone and gets its own answer.
            return batch;
        }
        catch (Exception ex) when (PostgresFailures.IsOutage(ex, CancellationToken.None))
        {
            // As for a single send: a failure while committing leaves unknown whether the commit
            // happened, so nothing is retried; clients retry with an Idempotency-Key.
            var failure = PostgresFailures.Unavailable(_dataSource, ex);
            batch.ForEach(pending => pending.Done.TrySetException(failure));
            return [];
        }
        catch (Exception ex)
        {
            // A bug, not the database: these sends fail with it, and the loop goes on.
            batch.ForEach(pending => pending.Done.TrySetException(ex));
            return [];
        }

        var alone = new List<Pending>();
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (seqs[i] is not { } seq)
            {
                // Not a member, or no such thread: nothing was written; alone, it says which.
                alone.Add(pending);
                continue;
            }

            var m = pending.Message;
            pending.Done.TrySetResult(new AppendOutcome(WriteStatus.Done, new MessageRecord(m.Id, m.ThreadId, seq, m.Username, m.Text, m.CreatedAt)));
        }

        return alone;
    }

    /// <summary>The seq each send got, in batch order; null where its append wrote nothing.</summary>
    private async Task<long?[]> CommitAsync(List<Pending> batch)
    {
        var seqs = new long?[batch.Count];
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlBatch(connection, transaction);
        foreach (var pending in batch)
        {
            command.BatchCommands.Add(PostgresStatements.AppendCommand(pending.Message));
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
        return seqs;
    }

    private Task RunEachAloneAsync(IReadOnlyList<Pending> sends) => Task.WhenAll(sends.Select(RunAloneAsync));

    private async Task RunAloneAsync(Pending pending)
    {
        try
        {
            pending.Done.TrySetResult(await _writes.AppendAsync(pending.Message, key: null, pending.Cancellation));
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

    private sealed record Pending(NewMessage Message, CancellationToken Cancellation)
    {
        public TaskCompletionSource<AppendOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
