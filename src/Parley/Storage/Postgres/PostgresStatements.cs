using Npgsql;
using Parley.Storage.Internal;
using static Parley.Storage.Postgres.PostgresValues;

namespace Parley.Storage.Postgres;

/// <summary>
/// The statements more than one part of the store runs, or that tests check the plans of, and
/// how every statement gets its positional parameters. Each distinct text is prepared once per
/// connection (auto-prepare, see <see cref="PostgresDataSource"/>) and keeps its own plan.
/// </summary>
internal static class PostgresStatements
{
    /// <summary>A <see cref="ThreadRow"/> without its unread count: the users in their order as one array.</summary>
    public const string ThreadColumns = """
        t.id, t.title, t.created_at, t.last_seq,
        m.id, m.seq, m.username, m.text, m.created_at,
        ARRAY(SELECT u.username FROM thread_users u WHERE u.thread_id = t.id ORDER BY u.position)
        """;

    public const string NewestPage = $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = $1 ORDER BY seq DESC LIMIT $2";
    public const string PageBefore = $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";
    public const string PageAfter = $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

    /// <summary>One chunk of a long read (<see cref="MessageChunks"/>): after seq $2, up to seq $3.</summary>
    public const string Chunk = $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4";

    private const string InboxSelect = $"""
        SELECT {ThreadColumns}, tu.unread, tu.last_activity FROM thread_users tu
        JOIN threads t ON t.id = tu.thread_id
        LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
        """;

    public const string Inbox = $"""
        {InboxSelect}
        WHERE tu.username = $1
        ORDER BY tu.last_activity DESC, tu.thread_id DESC
        LIMIT $2
        """;

    // A second text, so each is prepared once and keeps its own plan.
    public const string InboxAfter = $"""
        {InboxSelect}
        WHERE tu.username = $1 AND (tu.last_activity, tu.thread_id) < ($3, $4)
        ORDER BY tu.last_activity DESC, tu.thread_id DESC
        LIMIT $2
        """;

    // One statement takes the thread's next seq under the thread row's lock (which orders a
    // thread's seqs across every instance, with the membership test in the same WHERE), stores
    // the message and moves every member: the sender has read up to it, everyone else has one
    // more unread. The lock is held only while the server runs it, never across a round trip.
    // A member row another append changed meanwhile is updated in its newest version.
    private const string Append = """
        WITH next AS (
            UPDATE threads SET last_seq = last_seq + 1
            WHERE id = $1 AND EXISTS (SELECT 1 FROM thread_users WHERE thread_id = $1 AND username = $2)
            RETURNING last_seq
        ), message AS (
            INSERT INTO messages (thread_id, seq, id, username, text, created_at)
            SELECT $1, next.last_seq, $3, $2, $4, $5 FROM next
        ), members AS (
            UPDATE thread_users SET
                last_activity = GREATEST(last_activity, $5),
                unread = CASE WHEN username = $2 THEN 0 ELSE unread + 1 END,
                read_seq = CASE WHEN username = $2 THEN next.last_seq ELSE read_seq END
            FROM next
            WHERE thread_id = $1
        )
        """;

    /// <summary>An append: the new seq, or no row when the sender is not a member or there is no thread.</summary>
    private const string AppendUnkeyed = $"{Append} SELECT last_seq FROM next";

    /// <summary>An append that also records its seq on the idempotency key ($6, $7) claimed before it.</summary>
    private const string AppendKeyed = $"""
        {Append}, keyed AS (
            UPDATE idempotency_digests SET seq = next.last_seq FROM next WHERE principal = $6 AND key_digest = $7
        )
        SELECT last_seq FROM next
        """;

    /// <summary>An unkeyed append, as one statement of a batch of them.</summary>
    public static NpgsqlBatchCommand AppendCommand(NewMessage m) =>
        BatchCommand(AppendUnkeyed, m.ThreadId, m.Username, m.Id, m.Text, Ms(m.CreatedAt));

    /// <summary>An append on its own; with a key, in the transaction that claimed it.</summary>
    public static NpgsqlCommand AppendCommand(NpgsqlConnection connection, NewMessage m, IdempotencyKey? key)
    {
        if (key is null)
        {
            return Command(connection, AppendUnkeyed, m.ThreadId, m.Username, m.Id, m.Text, Ms(m.CreatedAt));
        }

        return Command(connection, AppendKeyed, m.ThreadId, m.Username, m.Id, m.Text, Ms(m.CreatedAt), key.Principal, key.Digest);
    }

    /// <summary>Whether the thread exists, on a connection the caller already holds.</summary>
    public static async Task<bool> ThreadExistsAsync(NpgsqlConnection connection, Guid threadId, CancellationToken ct)
    {
        await using var exists = Command(connection, "SELECT 1 FROM threads WHERE id = $1", threadId);
        return await exists.ExecuteScalarAsync(ct) is not null;
    }

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params ReadOnlySpan<object?> values)
    {
        var command = new NpgsqlCommand(sql, connection);
        Bind(command.Parameters, values);
        return command;
    }

    public static NpgsqlBatchCommand BatchCommand(string sql, params ReadOnlySpan<object?> values)
    {
        var command = new NpgsqlBatchCommand(sql);
        Bind(command.Parameters, values);
        return command;
    }

    private static void Bind(NpgsqlParameterCollection parameters, ReadOnlySpan<object?> values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
