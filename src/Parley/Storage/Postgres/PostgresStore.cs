using System.Runtime.CompilerServices;
using Npgsql;
using Parley.Rules;

namespace Parley.Storage.Postgres;

/// <summary>
/// The store for many server instances on one PostgreSQL database: writes are READ COMMITTED
/// transactions whose row locks (the thread row for seqs, the key row for idempotency) keep
/// instances from stepping on each other; sends without a key share one transaction per
/// group (<see cref="PostgresAppends"/>). Connections come from one pooled
/// <see cref="NpgsqlDataSource"/>. An unreachable database surfaces as
/// <see cref="StoreUnavailableException"/>; a read is tried once more, a write never is.
/// </summary>
internal sealed partial class PostgresStore(
    NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresStore> log, int writeQueueCapacity = 4096)
    : IParleyStore, IAsyncDisposable
{
    private PostgresAppends? _appends;

    /// <summary>Started on first use: a store that is only migrated or read never starts its loops.</summary>
    private PostgresAppends Appends => LazyInitializer.EnsureInitialized(ref _appends, () => new PostgresAppends(
        dataSource, writeQueueCapacity, (message, ct) => AppendAloneAsync(message, key: null, ct),
        ex => IsOutage(ex, CancellationToken.None), Unavailable));

    private static readonly TimeSpan KeyLifetime = Limits.IdempotencyWindow;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(2);

    public async Task MigrateAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            foreach (var version in await PostgresMigrator.ApplyAsync(connection, ct))
            {
                LogMigrated(log, version);
            }
        }
        catch (Exception ex) when (IsOutage(ex, ct))
        {
            throw Unavailable(ex);
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        // A health probe must answer promptly even when the server does not answer at all.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(ReadyTimeout);
        try
        {
            return await ReadAsync(async (connection, token) =>
            {
                await using var command = Command(connection, "SELECT count(*) FROM (SELECT 1 FROM threads LIMIT 1) t");
                await command.ExecuteScalarAsync(token);
                return true;
            }, budget.Token);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or PostgresException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    public async IAsyncEnumerable<MessageRecord> ReadMessagesAfterAsync(Guid threadId, long afterSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        // Rows stream from the socket as they are read, so this one is not retried: the
        // response is already under way when a row fails.
        await using var connection = await Guard(dataSource.OpenConnectionAsync(ct).AsTask(), ct);
        await using var command = Command(connection,
            "SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = $1 AND seq > $2 ORDER BY seq",
            threadId, afterSeq);
        await using var reader = await Guard(command.ExecuteReaderAsync(ct), ct);
        while (await Guard(reader.ReadAsync(ct), ct))
        {
            yield return ReadMessage(reader, threadId, 0);
        }
    }

    public Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct) =>
        WriteAsync(async (connection, token) =>
        {
            await using var purge = Command(connection, "DELETE FROM idempotency_keys WHERE created_at < $1", Ms(before));
            return await purge.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Runs a read on a pooled connection, once more if the first try met an outage.</summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                return await read(connection, ct);
            }
            catch (Exception ex) when (IsOutage(ex, ct))
            {
                if (attempt == 2)
                {
                    throw Unavailable(ex);
                }

                // A pooled connection the server has dropped fails on first use; the next is new.
                dataSource.Clear();
            }
        }
    }

    /// <summary>
    /// Runs a write on a pooled connection. The write commits its own transaction; one that
    /// fails or returns without committing is rolled back whole. Never retried: a failure
    /// while committing leaves unknown whether the commit happened. A write honours the
    /// caller's token until it sends its changes, and then runs to the end (bounded by the
    /// command timeout), so that a change that commits is always answered and announced.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await write(connection, ct);
        }
        catch (Exception ex) when (IsOutage(ex, ct))
        {
            throw Unavailable(ex);
        }
    }

    private async Task<T> Guard<T>(Task<T> step, CancellationToken ct)
    {
        try
        {
            return await step;
        }
        catch (Exception ex) when (IsOutage(ex, ct))
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>
    /// Whether <paramref name="ex"/> says the database cannot serve now (down, restarting,
    /// unreachable, out of connections) rather than that Parley has a bug. A cancelled caller
    /// is never an outage.
    /// </summary>
    private static bool IsOutage(Exception ex, CancellationToken ct) => !ct.IsCancellationRequested && ex switch
    {
        PostgresException pg => pg.IsTransient
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources
            || pg.SqlState.StartsWith("57", StringComparison.Ordinal) // shutdown, cancelled by the server
            || pg.SqlState.StartsWith("58", StringComparison.Ordinal) // system error
            || pg.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction, // a standby after failover
        NpgsqlException => true, // I/O, timeouts, a full pool: nothing reached or left the server
        _ => false,
    };

    private StoreUnavailableException Unavailable(Exception ex)
    {
        // Pooled connections may all be dead (a restarted server); start the next request afresh.
        // The request's 503 is logged where it is answered.
        dataSource.Clear();
        return new StoreUnavailableException("The database is not available.", ex);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params ReadOnlySpan<object?> values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params ReadOnlySpan<object?> values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>Times are kept to the millisecond, as on SQLite and in the API.</summary>
    private static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>Reads id, seq, username, text, created_at starting at <paramref name="first"/>.</summary>
    private static MessageRecord ReadMessage(NpgsqlDataReader reader, Guid threadId, int first) =>
        new(reader.GetGuid(first), threadId, reader.GetInt64(first + 1), reader.GetString(first + 2),
            reader.GetString(first + 3), reader.GetFieldValue<DateTimeOffset>(first + 4));

    public async ValueTask DisposeAsync()
    {
        if (_appends is { } appends)
        {
            await appends.DisposeAsync();
        }
    }

    [LoggerMessage(LogLevel.Information, "Applied database migration {Version}")]
    private static partial void LogMigrated(ILogger log, int version);
}
