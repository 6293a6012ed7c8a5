using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

// Reads use connections of their own (SqliteReaders); WAL gives each a consistent snapshot.
internal sealed partial class SqliteStore
{
    public async Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct)
    {
        await using var session = await _readers.RentAsync(ct);
        var sql = member is null
            ? $"""
                SELECT {ThreadColumns}, NULL FROM threads t
                LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
                WHERE t.id = @t
                """
            : $"""
                SELECT {ThreadColumns}, tu.unread FROM threads t
                JOIN thread_users tu ON tu.thread_id = t.id AND tu.username = @u
                LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
                WHERE t.id = @t
                """;
        var command = session.Command(sql, ("@t", Id(threadId)), ("@u", member));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadThread(reader, 0) : null;
    }

    public async Task<Membership> GetMembershipAsync(Guid threadId, string username, CancellationToken ct)
    {
        await using var session = await _readers.RentAsync(ct);
        var command = session.Command("""
            SELECT EXISTS (SELECT 1 FROM thread_users WHERE thread_id = @t AND username = @u)
            FROM threads WHERE id = @t
            """, ("@t", Id(threadId)), ("@u", username));
        return await command.ExecuteScalarAsync(ct) switch
        {
            null => Membership.NoThread,
            1L => Membership.Member,
            _ => Membership.NotMember,
        };
    }

    public async Task<bool> ThreadExistsAsync(Guid threadId, CancellationToken ct)
    {
        await using var session = await _readers.RentAsync(ct);
        return await IsVisibleAsync(session, threadId, member: null, ct);
    }

    public async Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct)
    {
        await using var session = await _readers.RentAsync(ct);
        if (!await IsVisibleAsync(session, threadId, member, ct))
        {
            return null;
        }

        var command = session.Command(
            "SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = @t AND seq = @seq",
            ("@t", Id(threadId)), ("@seq", seq));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadMessage(reader, threadId, 0) : null;
    }

    public async Task<MessagePage?> GetMessagesAsync(Guid threadId, string? member, MessagePageQuery query, CancellationToken ct)
    {
        await using var session = await _readers.RentAsync(ct);
        var take = query.Limit + 1;
        var messages = new List<MessageRecord>(take);
        var command = session.Command(PageSql(query, take, guarded: member is not null),
            ("@t", Id(threadId)), ("@c", query.AfterSeq ?? query.BeforeSeq ?? 0L), ("@u", member));
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                messages.Add(ReadMessage(reader, threadId, 0));
            }
        }

        // The membership test rides in the page query; only an empty page needs asking why.
        if (messages.Count == 0 && !await IsVisibleAsync(session, threadId, member, ct))
        {
            return null;
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
    }

    public async Task<ThreadPage> ListThreadsAsync(string username, InboxCursor? after, int limit, CancellationToken ct)
    {
        await using var session = await _readers.RentAsync(ct);
        var sql = InboxSql(after is not null, limit + 1);
        var threads = new List<ThreadRecord>(limit + 1);
        var activity = new List<long>(limit + 1);
        var command = session.Command(sql,
            ("@u", username), ("@a", after?.ActivityMs), ("@at", after is { } a ? Id(a.ThreadId) : null));
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                threads.Add(ReadThread(reader, 0));
                activity.Add(reader.GetInt64(11));
            }
        }

        InboxCursor? next = null;
        if (threads.Count > limit)
        {
            threads.RemoveAt(limit);
            next = new InboxCursor(activity[limit - 1], threads[limit - 1].Id);
        }

        return new ThreadPage(threads, next);
    }

    private static async Task<bool> IsVisibleAsync(ReadSession session, Guid threadId, string? member, CancellationToken ct)
    {
        var command = member is null
            ? session.Command("SELECT 1 FROM threads WHERE id = @t", ("@t", Id(threadId)))
            : session.Command("SELECT 1 FROM thread_users WHERE thread_id = @t AND username = @u",
                ("@t", Id(threadId)), ("@u", member));
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Reads the <see cref="ThreadColumns"/> and the unread count after them.</summary>
    private static ThreadRecord ReadThread(SqliteDataReader reader, int first)
    {
        var id = Id(reader, first);
        var last = reader.IsDBNull(first + 4) ? null : ReadMessage(reader, id, first + 4);
        return new ThreadRecord(
            id,
            reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1),
            reader.GetString(first + 9).Split(' '),
            Time(reader, first + 2),
            reader.GetInt64(first + 3),
            last,
            reader.IsDBNull(first + 10) ? null : reader.GetInt32(first + 10));
    }
}
