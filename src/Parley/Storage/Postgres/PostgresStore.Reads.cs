using Npgsql;

namespace Parley.Storage.Postgres;

// Reads are single statements (or one batch) on pooled connections: one round trip each.
internal sealed partial class PostgresStore
{
    // A thread, its newest message and its users in their order, in one row.
    private const string ThreadColumns = """
        t.id, t.title, t.created_at, t.last_seq,
        m.id, m.seq, m.username, m.text, m.created_at,
        ARRAY(SELECT u.username FROM thread_users u WHERE u.thread_id = t.id ORDER BY u.position)
        """;

    private const string MessageColumns = "id, seq, username, text, created_at";

    // The hot reads, visible to the tests that check their plans.
    internal const string NewestPage = $"SELECT {MessageColumns} FROM messages WHERE thread_id = $1 ORDER BY seq DESC LIMIT $2";
    internal const string PageBefore = $"SELECT {MessageColumns} FROM messages WHERE thread_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";
    internal const string PageAfter = $"SELECT {MessageColumns} FROM messages WHERE thread_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

    private const string InboxSelect = $"""
        SELECT {ThreadColumns}, tu.unread, tu.last_activity FROM thread_users tu
        JOIN threads t ON t.id = tu.thread_id
        LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
        """;

    internal const string Inbox = $"""
        {InboxSelect}
        WHERE tu.username = $1
        ORDER BY tu.last_activity DESC, tu.thread_id DESC
        LIMIT $2
        """;

    // A second text, so each is prepared once and keeps its own plan.
    internal const string InboxAfter = $"""
        {InboxSelect}
        WHERE tu.username = $1 AND (tu.last_activity, tu.thread_id) < ($3, $4)
        ORDER BY tu.last_activity DESC, tu.thread_id DESC
        LIMIT $2
        """;

    public Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct) =>
        ReadAsync(async (connection, token) =>
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
            return await reader.ReadAsync(token) ? ReadThread(reader) : null;
        }, ct);

    public Task<Membership> GetMembershipAsync(Guid threadId, string username, CancellationToken ct) =>
        ReadAsync(async (connection, token) =>
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
        ReadAsync((connection, token) => ThreadExistsAsync(connection, threadId, token), ct);

    public Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct) =>
        ReadAsync(async (connection, token) =>
        {
            await using var command = member is null
                ? Command(connection, $"SELECT {MessageColumns} FROM messages WHERE thread_id = $1 AND seq = $2", threadId, seq)
                : Command(connection, $"""
                    SELECT {MessageColumns} FROM messages
                    WHERE thread_id = $1 AND seq = $2
                      AND EXISTS (SELECT 1 FROM thread_users WHERE thread_id = $1 AND username = $3)
                    """, threadId, seq, member);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadMessage(reader, threadId, 0) : null;
        }, ct);

    public Task<MessagePage?> GetMessagesAsync(Guid threadId, string? member, MessagePageQuery query, CancellationToken ct) =>
        ReadAsync(async (connection, token) =>
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
            var messages = new List<MessageRecord>(take);
            while (await reader.ReadAsync(token))
            {
                messages.Add(ReadMessage(reader, threadId, 0));
            }

            var hasMore = messages.Count > query.Limit;
            if (hasMore)
            {
                messages.RemoveAt(messages.Count - 1);
            }

            if (query.AfterSeq is null)
            {
                messages.Reverse();
            }

            return new MessagePage(messages, hasMore);
        }, ct);

    public Task<ThreadPage> ListThreadsAsync(string username, InboxCursor? after, int limit, CancellationToken ct) =>
        ReadAsync(async (connection, token) =>
        {
            await using var command = after is { } cursor
                ? Command(connection, InboxAfter,
                    username, limit + 1, DateTimeOffset.FromUnixTimeMilliseconds(cursor.ActivityMs), cursor.ThreadId)
                : Command(connection, Inbox, username, limit + 1);
            var threads = new List<ThreadRecord>(limit + 1);
            var activity = new List<DateTimeOffset>(limit + 1);
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    threads.Add(ReadThread(reader));
                    activity.Add(reader.GetFieldValue<DateTimeOffset>(11));
                }
            }

            InboxCursor? next = null;
            if (threads.Count > limit)
            {
                threads.RemoveAt(limit);
                next = new InboxCursor(activity[limit - 1].ToUnixTimeMilliseconds(), threads[limit - 1].Id);
            }

            return new ThreadPage(threads, next);
        }, ct);

    /// <summary>Reads the <see cref="ThreadColumns"/> and the unread count after them.</summary>
    private static ThreadRecord ReadThread(NpgsqlDataReader reader)
    {
        var id = reader.GetGuid(0);
        return new ThreadRecord(
            id,
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetFieldValue<string[]>(9),
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetInt64(3),
            reader.IsDBNull(4) ? null : ReadMessage(reader, id, 4),
            reader.IsDBNull(10) ? null : reader.GetInt32(10));
    }
}
