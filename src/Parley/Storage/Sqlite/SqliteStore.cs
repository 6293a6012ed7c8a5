using Microsoft.Data.Sqlite;
using Parley.Storage.Internal;
using static Parley.Storage.Sqlite.SqliteValues;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The embedded store, for one server process. Reads run here, each on a reader connection of
/// its own where WAL gives it a consistent snapshot; writes (<see cref="SqliteWrites"/>) run on
/// the one writer's thread, in batches with group commit (<see cref="SqliteWriter"/>). Outages
/// surface as <see cref="StoreUnavailableException"/> (<see cref="SqliteConnections"/>).
/// </summary>
internal sealed class SqliteStore(string connectionString, TimeProvider time, int writeQueueCapacity = 4096)
    : IParleyStore, IAsyncDisposable
{
    private readonly SqliteConnections _connections = new(connectionString, writeQueueCapacity);
    private readonly SqliteWrites _writes = new(time);
    private readonly TimeProvider _time = time;

    public Task MigrateAsync(CancellationToken ct) => _connections.MigrateAsync(_time, ct);

    public Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct) =>
        _connections.WriteAsync(w => _writes.CreateThread(w, thread, key), ct);

    public Task<AppendOutcome> AppendMessageAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) =>
        _connections.WriteAsync(w => _writes.Append(w, message, key), ct);

    public Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct) =>
        _connections.WriteAsync(w => SqliteWrites.MarkRead(w, threadId, username, seq), ct);

    public Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct) =>
        _connections.WriteAsync(w => SqliteIdempotency.Purge(w, before), ct);

    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            return await _connections.ReadAsync(async (session, token) =>
                await session.Command("SELECT count(*) FROM schema_version").ExecuteScalarAsync(token) is long, ct);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or SqliteException)
        {
            // Unmigrated counts as not ready too.
            return false;
        }
    }

    public Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct) =>
        _connections.ReadAsync(async (session, token) =>
        {
            var sql = member is null
                ? $"""
                    SELECT {SqliteStatements.ThreadColumns}, NULL FROM threads t
                    LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
                    WHERE t.id = @t
                    """
                : $"""
                    SELECT {SqliteStatements.ThreadColumns}, tu.unread FROM threads t
                    JOIN thread_users tu ON tu.thread_id = t.id AND tu.username = @u
                    LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
                    WHERE t.id = @t
                    """;
            var command = session.Command(sql, ("@t", Id(threadId)), ("@u", member));
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ThreadRow.Read<SqliteValues>(reader) : null;
        }, ct);

    public Task<Membership> GetMembershipAsync(Guid threadId, string username, CancellationToken ct) =>
        _connections.ReadAsync(async (session, token) =>
        {
            var command = session.Command("""
                SELECT EXISTS (SELECT 1 FROM thread_users WHERE thread_id = @t AND username = @u)
                FROM threads WHERE id = @t
                """, ("@t", Id(threadId)), ("@u", username));
            return await command.ExecuteScalarAsync(token) switch
            {
                null => Membership.NoThread,
                1L => Membership.Member,
                _ => Membership.NotMember,
            };
        }, ct);

    public Task<bool> ThreadExistsAsync(Guid threadId, CancellationToken ct) =>
        _connections.ReadAsync((session, token) => IsVisibleAsync(session, threadId, member: null, token), ct);

    public Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct) =>
        _connections.ReadAsync(async (session, token) =>
        {
            if (!await IsVisibleAsync(session, threadId, member, token))
            {
                return null;
            }

            var command = session.Command(
                $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = @t AND seq = @seq", ("@t", Id(threadId)), ("@seq", seq));
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? MessageRow.Read<SqliteValues>(reader, threadId) : null;
        }, ct);

    public Task<MessagePage?> GetMessagesAsync(Guid threadId, string? member, MessagePageQuery query, CancellationToken ct) =>
        _connections.ReadAsync(async (session, token) =>
        {
            var take = query.Limit + 1;
            var rows = new List<MessageRecord>(take);
            var command = session.Command(SqliteStatements.PageSql(query, take, guarded: member is not null),
                ("@t", Id(threadId)), ("@c", From(query)), ("@u", member));
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    rows.Add(MessageRow.Read<SqliteValues>(reader, threadId));
                }
            }

            // The membership test rides in the page query; only an empty page needs asking why.
            if (rows.Count == 0 && !await IsVisibleAsync(session, threadId, member, token))
            {
                return null;
            }

            return Paging.Messages(rows, query);
        }, ct);

    public Task<ThreadPage> ListThreadsAsync(string username, InboxCursor? after, int limit, CancellationToken ct) =>
        _connections.ReadAsync(async (session, token) =>
        {
            var threads = new List<ThreadRecord>(limit + 1);
            var activity = new List<long>(limit + 1);
            var command = session.Command(SqliteStatements.InboxSql(after is not null, limit + 1),
                ("@u", username), ("@a", after?.ActivityMs), ("@at", after is { } a ? Id(a.ThreadId) : null));
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    threads.Add(ThreadRow.Read<SqliteValues>(reader));
                    activity.Add(reader.GetInt64(ThreadRow.Activity));
                }
            }

            return Paging.Threads(threads, activity, limit);
        }, ct);

    public IAsyncEnumerable<MessageRecord> ReadMessagesAfterAsync(Guid threadId, long afterSeq, CancellationToken ct) =>
        MessageChunks.ReadAsync(
            afterSeq,
            token => _connections.ReadAsync(async (session, t) =>
                await session.Command("SELECT last_seq FROM threads WHERE id = @t", ("@t", Id(threadId))).ExecuteScalarAsync(t) is long last ? last : 0,
                token),
            (from, end, token) => _connections.ReadAsync(async (session, t) =>
            {
                var command = session.Command(SqliteStatements.ChunkSql, ("@t", Id(threadId)), ("@s", from), ("@e", end));
                await using var rows = await command.ExecuteReaderAsync(t);
                return await MessageChunks.TakeAsync<SqliteValues>(rows, threadId, t);
            }, token),
            ct);

    /// <summary>The seq a page reads from (@c); the newest page has none.</summary>
    private static long From(MessagePageQuery query)
    {
        if (query.AfterSeq is { } after)
        {
            return after;
        }

        return query.BeforeSeq ?? 0;
    }

    private static async Task<bool> IsVisibleAsync(ReadSession session, Guid threadId, string? member, CancellationToken ct)
    {
        var command = member is null
            ? session.Command("SELECT 1 FROM threads WHERE id = @t", ("@t", Id(threadId)))
            : session.Command("SELECT 1 FROM thread_users WHERE thread_id = @t AND username = @u", ("@t", Id(threadId)), ("@u", member));
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
