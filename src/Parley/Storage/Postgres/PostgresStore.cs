using Npgsql;
using Parley.Storage.Internal;
using static Parley.Storage.Postgres.PostgresStatements;

namespace Parley.Storage.Postgres;

/// <summary>
/// The store for many server instances on one PostgreSQL database, through one pooled
/// <see cref="NpgsqlDataSource"/>. Reads run here, single statements (or one batch), one
/// round trip each. Writes (<see cref="PostgresWrites"/>) are READ COMMITTED transactions whose
/// row locks keep instances from stepping on each other; sends without a key share one
/// transaction per group (<see cref="PostgresAppends"/>). Outages surface as
/// <see cref="StoreUnavailableException"/> (<see cref="PostgresConnections"/>).
/// </summary>
internal sealed class PostgresStore : IParleyStore, IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly ILogger<PostgresStore> _log;
    private readonly PostgresConnections _connections;
    private readonly PostgresWrites _writes;

    /// <summary>Started on first send: a store that is only migrated or read never starts its loops.</summary>
    private readonly Lazy<PostgresAppends> _appends;

    public PostgresStore(NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresStore> log, int writeQueueCapacity = 4096)
    {
        _time = time;
        _log = log;
        _connections = new PostgresConnections(dataSource);
        _writes = new PostgresWrites(_connections, time);
        _appends = new Lazy<PostgresAppends>(() => new PostgresAppends(dataSource, _writes, writeQueueCapacity));
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        var applied = await _connections.WriteAsync((connection, token) => PostgresMigrator.ApplyAsync(connection, _time, token), ct);
        foreach (var version in applied)
        {
            StorageLog.MigrationApplied(_log, version);
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        // A health probe must answer promptly even when the server does not answer at all.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(ReadyTimeout);
        try
        {
            return await _connections.ReadAsync(async (connection, token) =>
            {
                await using var command = Command(connection, "SELECT count(*) FROM (SELECT 1 FROM threads LIMIT 1) t");
                await command.ExecuteScalarAsync(token);
                return true;
            }, budget.Token);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or PostgresException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Unmigrated, or out of time, counts as not ready too.
            return false;
        }
    }

    public Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct) =>
        _writes.CreateThreadAsync(thread, key, ct);

    public Task<AppendOutcome> AppendMessageAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) =>
        key is null ? _appends.Value.AppendAsync(message, ct) : _writes.AppendAsync(message, key, ct);

    public Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct) =>
        _writes.MarkReadAsync(threadId, username, seq, ct);

    public Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct) =>
        _connections.WriteAsync((connection, token) => PostgresIdempotency.PurgeAsync(connection, before, token), ct);

    public Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct) =>
        _connections.ReadAsync(async (connection, token) =>
        {
            await using var command = member is null
                ? Command(connection, $"""
                    SELECT {ThreadColumns}, NULL::integer FROM threads t
                    LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
                    WHERE t.id = $1
                    """, threadId)
                : Command(connection, $"""
                    SELECT {ThreadColumns}, tu.unread FROM threads t
                    JOIN thread_users tu ON tu.thread_id = t.id AND tu.username = $2
                    LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
                    WHERE t.id = $1
                    """, threadId, member);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ThreadRow.Read<PostgresValues>(reader) : null;
        }, ct);

    public Task<Membership> GetMembershipAsync(Guid threadId, string username, CancellationToken ct) =>
        _connections.ReadAsync(async (connection, token) =>
        {
            await using var command = Command(connection, """
                SELECT EXISTS (SELECT 1 FROM thread_users WHERE thread_id = $1 AND username = $2)
                FROM threads WHERE id = $1
                """, threadId, username);
            return await command.ExecuteScalarAsync(token) switch
            {
                null => Membership.NoThread,
                true => Membership.Member,
                _ => Membership.NotMember,
            };
        }, ct);

    public Task<bool> ThreadExistsAsync(Guid threadId, CancellationToken ct) =>
        _connections.ReadAsync((connection, token) => PostgresStatements.ThreadExistsAsync(connection, threadId, token), ct);

    public Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct) =>
        _connections.ReadAsync(async (connection, token) =>
        {
            await using var command = member is null
                ? Command(connection, $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = $1 AND seq = $2", threadId, seq)
                : Command(connection, $"""
                    SELECT {MessageRow.Columns} FROM messages
                    WHERE thread_id = $1 AND seq = $2
                      AND EXISTS (SELECT 1 FROM thread_users WHERE thread_id = $1 AND username = $3)
                    """, threadId, seq, member);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? MessageRow.Read<PostgresValues>(reader, threadId) : null;
        }, ct);

    public Task<MessagePage?> GetMessagesAsync(Guid threadId, string? member, MessagePageQuery query, CancellationToken ct) =>
        _connections.ReadAsync(async (connection, token) =>
        {
            // One more than asked for tells whether there is more in the direction of travel.
            var take = query.Limit + 1;
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    member is null
                        ? BatchCommand("SELECT EXISTS (SELECT 1 FROM threads WHERE id = $1)", threadId)
                        : BatchCommand("SELECT EXISTS (SELECT 1 FROM thread_users WHERE thread_id = $1 AND username = $2)", threadId, member),
                    query switch
                    {
                        { AfterSeq: { } after } => BatchCommand(PageAfter, threadId, after, take),
                        { BeforeSeq: { } before } => BatchCommand(PageBefore, threadId, before, take),
                        _ => BatchCommand(NewestPage, threadId, take),
                    },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            if (!reader.GetBoolean(0))
            {
                return null;
            }

            await reader.NextResultAsync(token);
            var rows = new List<MessageRecord>(take);
            while (await reader.ReadAsync(token))
            {
                rows.Add(MessageRow.Read<PostgresValues>(reader, threadId));
            }

            return Paging.Messages(rows, query);
        }, ct);

    public Task<ThreadPage> ListThreadsAsync(string username, InboxCursor? after, int limit, CancellationToken ct) =>
        _connections.ReadAsync(async (connection, token) =>
        {
            await using var command = after is { } cursor
                ? Command(connection, InboxAfter,
                    username, limit + 1, DateTimeOffset.FromUnixTimeMilliseconds(cursor.ActivityMs), cursor.ThreadId)
                : Command(connection, Inbox, username, limit + 1);
            var threads = new List<ThreadRecord>(limit + 1);
            var activity = new List<long>(limit + 1);
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    threads.Add(ThreadRow.Read<PostgresValues>(reader));
                    activity.Add(reader.GetFieldValue<DateTimeOffset>(ThreadRow.Activity).ToUnixTimeMilliseconds());
                }
            }

            return Paging.Threads(threads, activity, limit);
        }, ct);

    /// <remarks>Each chunk is a read of its own, so a chunk that meets an outage is tried again like any read.</remarks>
    public IAsyncEnumerable<MessageRecord> ReadMessagesAfterAsync(Guid threadId, long afterSeq, CancellationToken ct) =>
        MessageChunks.ReadAsync(
            afterSeq,
            token => _connections.ReadAsync(async (connection, t) =>
            {
                await using var command = Command(connection, "SELECT last_seq FROM threads WHERE id = $1", threadId);
                return await command.ExecuteScalarAsync(t) is long last ? last : 0;
            }, token),
            (from, end, token) => _connections.ReadAsync(async (connection, t) =>
            {
                await using var command = Command(connection, Chunk, threadId, from, end, MessageChunks.Rows);
                await using var rows = await command.ExecuteReaderAsync(t);
                return await MessageChunks.TakeAsync<PostgresValues>(rows, threadId, t);
            }, token),
            ct);

    public async ValueTask DisposeAsync()
    {
        if (_appends.IsValueCreated)
        {
            await _appends.Value.DisposeAsync();
        }
    }
}
