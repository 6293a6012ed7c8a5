using Microsoft.Data.Sqlite;

namespace Parley.Bench;

/// <summary>
/// Appends messages to one thread at a time the way a run of sends would leave it: seqs
/// follow last_seq, members take turns as senders, and each member's read position, unread
/// count and last activity end up as the server would have kept them.
/// </summary>
internal sealed class ThreadWriter(SqliteConnection db, long nowMs)
{
    private long _clock = nowMs - 50_000_000; // seeded messages are older than any live send

    public long RowsInTransaction { get; set; }

    public long TopUp(SqliteTransaction transaction, Guid threadId, long wanted)
    {
        var id = threadId.ToByteArray(bigEndian: true);
        var members = Members(transaction, id);
        var lastSeq = LastSeq(transaction, id);
        if (lastSeq >= wanted || members.Count == 0)
        {
            return 0;
        }

        using var insert = Command(transaction, """
            INSERT INTO messages (thread_id, seq, id, username, text, created_at)
            VALUES (@t, @seq, @id, @u, @text, @at)
            """);
        var seq = insert.Parameters.Add("@seq", SqliteType.Integer);
        var messageId = insert.Parameters.Add("@id", SqliteType.Blob);
        var user = insert.Parameters.Add("@u", SqliteType.Text);
        var text = insert.Parameters.Add("@text", SqliteType.Text);
        var at = insert.Parameters.Add("@at", SqliteType.Integer);
        insert.Parameters.AddWithValue("@t", id);
        insert.Prepare();

        for (var next = lastSeq + 1; next <= wanted; next++)
        {
            var sender = members[(int)(next % members.Count)];
            _clock++;
            seq.Value = next;
            messageId.Value = UuidV7(_clock);
            user.Value = sender.Name;
            text.Value = $"Seeded message {next}: the quick brown fox jumps over the lazy dog";
            at.Value = _clock;
            insert.ExecuteNonQuery();
            foreach (var member in members)
            {
                if (member == sender)
                {
                    (member.ReadSeq, member.Unread) = (next, 0);
                }
                else
                {
                    member.Unread++;
                }
            }
        }

        using var thread = Command(transaction, "UPDATE threads SET last_seq = @seq WHERE id = @t");
        thread.Parameters.AddWithValue("@seq", wanted);
        thread.Parameters.AddWithValue("@t", id);
        thread.ExecuteNonQuery();
        foreach (var member in members)
        {
            using var update = Command(transaction, """
                UPDATE thread_users SET read_seq = @read, unread = @unread, last_activity = @at
                WHERE thread_id = @t AND username = @u
                """);
            update.Parameters.AddWithValue("@read", member.ReadSeq);
            update.Parameters.AddWithValue("@unread", member.Unread);
            update.Parameters.AddWithValue("@at", _clock);
            update.Parameters.AddWithValue("@t", id);
            update.Parameters.AddWithValue("@u", member.Name);
            update.ExecuteNonQuery();
        }

        RowsInTransaction += wanted - lastSeq;
        return wanted - lastSeq;
    }

    /// <summary>
    /// A UUIDv7 in the server's byte order (big-endian): 48 bits of milliseconds, then random
    /// bits with the version and variant set. Random.Shared instead of Guid.CreateVersion7's
    /// per-call system randomness, which costs a system call per row.
    /// </summary>
    private static byte[] UuidV7(long unixMs)
    {
        var bytes = new byte[16];
        Random.Shared.NextBytes(bytes.AsSpan(6));
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(unixMs >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return bytes;
    }

    private List<Member> Members(SqliteTransaction transaction, byte[] id)
    {
        using var query = Command(transaction, "SELECT username, read_seq, unread FROM thread_users WHERE thread_id = @t ORDER BY position");
        query.Parameters.AddWithValue("@t", id);
        using var reader = query.ExecuteReader();
        var members = new List<Member>();
        while (reader.Read())
        {
            members.Add(new Member(reader.GetString(0)) { ReadSeq = reader.GetInt64(1), Unread = reader.GetInt64(2) });
        }

        return members;
    }

    private long LastSeq(SqliteTransaction transaction, byte[] id)
    {
        using var query = Command(transaction, "SELECT last_seq FROM threads WHERE id = @t");
        query.Parameters.AddWithValue("@t", id);
        return query.ExecuteScalar() is long seq ? seq : 0;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private sealed class Member(string name)
    {
        public string Name { get; } = name;
        public long ReadSeq { get; set; }
        public long Unread { get; set; }
    }
}
