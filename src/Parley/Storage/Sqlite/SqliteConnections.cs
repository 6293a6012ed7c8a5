using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The store's connections to its file: pooled readers (<see cref="SqliteReaders"/>), which
/// WAL lets read while the one writer (<see cref="SqliteWriter"/>) writes. Every way in turns
/// an outage into <see cref="StoreUnavailableException"/> (<see cref="SqliteFailures"/>).
/// </summary>
internal sealed class SqliteConnections : IAsyncDisposable
{
    /// <summary>
    /// The size the WAL file is cut back to after a checkpoint: 8 MiB. SQLite checkpoints every
    /// 1,000 pages (about 4 MB), so under a steady load the file stays below it and is not cut
    /// and grown again at each checkpoint.
    /// </summary>
    public const long WalSizeLimit = 8 * 1024 * 1024;

    private readonly SqliteReaders _readers;
    private readonly string _writeConnectionString;
    private readonly int _writeQueueCapacity;
    private readonly Lock _writerLock = new();
    private SqliteWriter? _writer;

    public SqliteConnections(string connectionString, int writeQueueCapacity)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && builder.Mode != SqliteOpenMode.Memory)
        {
            KeepPrivate(Path.GetFullPath(file));
        }

        // Reads keep their own open connections (see SqliteReaders), so no driver pooling.
        builder.Pooling = false;
        _readers = new SqliteReaders(builder.ToString());
        // Another process holding the write lock must turn into a prompt 503, not a long wait.
        builder.DefaultTimeout = 5;
        _writeConnectionString = builder.ToString();
        _writeQueueCapacity = writeQueueCapacity;
    }

    public async Task MigrateAsync(TimeProvider time, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(_writeConnectionString);
            await connection.OpenAsync(ct);
            // WAL lets readers run beside the writer; it is a property of the file, set once.
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL";
                await wal.ExecuteNonQueryAsync(ct);
            }

            await SqliteMigrator.ApplyAsync(connection, time, ct);
        }
        catch (SqliteException ex) when (SqliteFailures.IsOutage(ex))
        {
            throw SqliteFailures.Unavailable(ex);
        }
    }

    /// <summary>Runs <paramref name="read"/> on a rented reader connection.</summary>
    public async Task<T> ReadAsync<T>(Func<ReadSession, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        try
        {
            await using var session = await _readers.RentAsync(ct);
            return await read(session, ct);
        }
        catch (SqliteException ex) when (SqliteFailures.IsOutage(ex))
        {
            throw SqliteFailures.Unavailable(ex);
        }
    }

    /// <summary>Queues <paramref name="work"/> for the writer (<see cref="SqliteWriter.WriteAsync"/>).</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriter, T> work, CancellationToken ct) => Writer.WriteAsync(work, ct);

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        _readers.Dispose();
    }

    /// <summary>
    /// The database file, created 0600 before SQLite opens it, because SQLite gives the -wal
    /// and -shm files it creates beside it the file's own mode; a looser existing one is tightened.
    /// </summary>
    private static void KeepPrivate(string file)
    {
        if (Path.GetDirectoryName(file) is { } directory)
        {
            PrivateFiles.CreateDirectory(directory);
        }

        PrivateFiles.CreateFile(file);
        foreach (var path in (ReadOnlySpan<string>)[file, file + "-wal", file + "-shm"])
        {
            PrivateFiles.Tighten(path);
        }
    }

    /// <summary>Opened on first write: a store that is only migrated or read never starts the writer's thread.</summary>
    private SqliteWriter Writer
    {
        get
        {
            lock (_writerLock)
            {
                return _writer ??= OpenWriter();
            }
        }
    }

    /// <summary>Opens the writer's connection; a database that cannot be opened fails this write, and the next write tries again.</summary>
    private SqliteWriter OpenWriter()
    {
        var connection = new SqliteConnection(_writeConnectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            // FULL: an acknowledged message survives power loss, not only a process crash.
            // journal_size_limit: the WAL file is cut back to this size when a checkpoint lets
            // it start over; without it, it keeps whatever size a long reader once made it grow to.
            pragma.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA journal_size_limit = {WalSizeLimit};";
            pragma.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            if (SqliteFailures.IsOutage(ex))
            {
                throw SqliteFailures.Unavailable(ex);
            }

            throw;
        }

        return new SqliteWriter(connection, _writeQueueCapacity, maxBatch: 256);
    }
}
