using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The one connection that writes. Writes queue up (bounded) and are applied in batches, one
/// transaction and one fsync per batch (group commit); each caller is answered only after its
/// batch is durable. Each write runs inside its own savepoint, so one failing write does not
/// undo the others in its batch.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<WriteOp> _queue;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private readonly int _maxBatch;
    private readonly Task _loop;

    public SqliteWriter(SqliteConnection connection, int capacity, int maxBatch)
    {
        _connection = connection;
        _maxBatch = maxBatch;
        _queue = Channel.CreateBounded<WriteOp>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // The loop owns a thread and blocks on it: each batch waits in SQLite (the commit's fsync
        // most of all), and blocking a thread-pool thread that long makes the pool add threads
        // and shuffle work between them. On a thread of its own the writer measured +12 % sends
        // to many threads and +38 % to one hot thread.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues <paramref name="work"/>; throws <see cref="StoreOverloadedException"/> when the queue is full.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriter, T> work, CancellationToken ct)
    {
        var op = new WriteOp<T>(work, ct);
        if (!_queue.Writer.TryWrite(op))
        {
            if (_queue.Reader.Completion.IsCompleted)
            {
                throw new StoreUnavailableException("The store is shutting down.");
            }

            throw new StoreOverloadedException();
        }

        return op.Task;
    }

    /// <summary>A prepared command on the writer connection, reused across writes.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }

    private void Run()
    {
        var batch = new List<WriteOp>(_maxBatch);
        while (WaitForWork())
        {
            // Taken from the queue before the transaction begins, so that a database that
            // cannot begin one (locked, unavailable) answers these writes with a failure.
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            try
            {
                Execute("BEGIN IMMEDIATE");
                foreach (var op in batch)
                {
                    RunInSavepoint(op);
                }

                Execute("COMMIT");
            }
            catch (SqliteException ex)
            {
                // The whole batch is undone. An outage answers its writes as unavailable; a
                // failure of BEGIN, ROLLBACK TO or COMMIT that is not one is a bug, and says so.
                TryExecute("ROLLBACK");
                Exception failure = SqliteFailures.IsOutage(ex) ? SqliteFailures.Unavailable(ex) : ex;
                foreach (var op in batch)
                {
                    op.Fail(failure);
                }

                continue;
            }

            foreach (var op in batch)
            {
                op.Complete();
            }
        }
    }

    /// <summary>Blocks until a write is queued; false once the queue is closed and empty.</summary>
    private bool WaitForWork()
    {
        var ready = _queue.Reader.WaitToReadAsync();
        return ready.IsCompletedSuccessfully ? ready.Result : ready.AsTask().GetAwaiter().GetResult();
    }

    private void RunInSavepoint(WriteOp op)
    {
        // A request that gave up before its write began leaves no trace.
        if (op.CancellationToken.IsCancellationRequested)
        {
            op.Cancel();
            return;
        }

        Execute("SAVEPOINT op");
        try
        {
            op.Run(this);
            Execute("RELEASE op");
        }
        catch (Exception ex) when (ex is not SqliteException sqlite || !SqliteFailures.IsOutage(sqlite))
        {
            // A bug (a constraint broken, a statement SQLite refused) undoes this write alone.
            // An outage (I/O, a full disk, a lost lock) may have undone the whole transaction
            // already; it is left to fail the batch.
            Execute("ROLLBACK TO op");
            Execute("RELEASE op");
            op.Fail(ex);
        }
    }

    private void Execute(string sql) => Command(sql).ExecuteNonQuery();

    private void TryExecute(string sql)
    {
        try
        {
            Execute(sql);
        }
        catch (SqliteException)
        {
            // Already rolled back by SQLite itself.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private abstract class WriteOp(CancellationToken ct)
    {
        public CancellationToken CancellationToken { get; } = ct;

        public abstract void Run(SqliteWriter writer);

        /// <summary>Answers the caller; a write that already failed or was cancelled stays so.</summary>
        public abstract void Complete();

        public abstract void Fail(Exception ex);

        public abstract void Cancel();
    }

    private sealed class WriteOp<T>(Func<SqliteWriter, T> work, CancellationToken ct) : WriteOp(ct)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override void Run(SqliteWriter writer) => _result = work(writer);

        public override void Complete() => _done.TrySetResult(_result!);

        public override void Fail(Exception ex) => _done.TrySetException(ex);

        public override void Cancel() => _done.TrySetCanceled(CancellationToken);
    }
}
