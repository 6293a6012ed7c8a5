using System.Collections.Concurrent;
using Parley.Storage.Internal;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The hot read statements, built once per shape. Limits are validated small integers written
/// into the SQL: a bound LIMIT makes SQLite plan the statement again on every run.
/// </summary>
internal static class SqliteStatements
{
    /// <summary>A <see cref="ThreadRow"/> without its unread count. The users ride along as one
    /// space-separated column, so a page of threads is one statement rather than one more per thread.</summary>
    public const string ThreadColumns = """
        t.id, t.title, t.created_at, t.last_seq,
        m.id, m.seq, m.username, m.text, m.created_at,
        (SELECT group_concat(username, ' ' ORDER BY position) FROM thread_users WHERE thread_id = t.id)
        """;

    /// <summary>One chunk of a long read (<see cref="MessageChunks"/>): after seq @s, up to seq @e.</summary>
    public static readonly string ChunkSql =
        $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = @t AND seq > @s AND seq <= @e ORDER BY seq LIMIT {MessageChunks.Rows}";

    private static readonly ConcurrentDictionary<(int Direction, int Take, bool Guarded), string> PageStatements = new();
    private static readonly ConcurrentDictionary<(bool Cursor, int Take), string> InboxStatements = new();

    /// <summary>
    /// A page of messages: newest first without a cursor or with before_seq (@c), oldest first
    /// after after_seq (@c). Guarded, it returns rows only if @u is a member of the thread.
    /// </summary>
    public static string PageSql(MessagePageQuery query, int take, bool guarded) =>
        PageStatements.GetOrAdd((Direction(query), take, guarded), key =>
        {
            var range = key.Direction switch { 1 => "AND seq > @c", -1 => "AND seq < @c", _ => "" };
            var guard = key.Guarded ? "AND EXISTS (SELECT 1 FROM thread_users WHERE thread_id = @t AND username = @u)" : "";
            var order = key.Direction == 1 ? "seq" : "seq DESC";
            return $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = @t {range} {guard} ORDER BY {order} LIMIT {key.Take}";
        });

    /// <summary>A page of a user's (@u) threads, most recently active first, after the cursor (@a, @at).</summary>
    public static string InboxSql(bool cursor, int take) =>
        InboxStatements.GetOrAdd((cursor, take), key => $"""
            SELECT {ThreadColumns}, tu.unread, tu.last_activity FROM thread_users tu
            JOIN threads t ON t.id = tu.thread_id
            LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
            WHERE tu.username = @u {(key.Cursor ? "AND (tu.last_activity, tu.thread_id) < (@a, @at)" : "")}
            ORDER BY tu.last_activity DESC, tu.thread_id DESC
            LIMIT {key.Take}
            """);

    /// <summary>1 forward after a seq, -1 back before one, 0 the newest page.</summary>
    private static int Direction(MessagePageQuery query)
    {
        if (query.AfterSeq is not null)
        {
            return 1;
        }

        return query.BeforeSeq is null ? 0 : -1;
    }
}
