using Parley.Storage.Internal;
using static Parley.Storage.Sqlite.SqliteValues;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The store's writes. Each runs on the writer's thread and connection, inside the current
/// batch's transaction and a savepoint of its own (<see cref="SqliteWriter"/>), so it sees
/// every earlier write and none runs beside it.
/// </summary>
internal sealed class SqliteWrites(TimeProvider time)
{
    private readonly SqliteIdempotency _keys = new(time);

    public CreateThreadOutcome CreateThread(SqliteWriter w, NewThread thread, IdempotencyKey? key)
    {
        if (_keys.Find(w, key) is { } seen)
        {
            return new CreateThreadOutcome(seen.Status, seen.ThreadId);
        }

        var id = Id(thread.Id);
        var created = Ms(thread.CreatedAt);
        var insert = w.Command("INSERT INTO threads (id, title, created_at, last_seq) VALUES (@id, @title, @created, 0)");
        insert.Parameters.AddWithValue("@id", id);
        insert.Parameters.AddWithValue("@title", (object?)thread.Title ?? DBNull.Value);
        insert.Parameters.AddWithValue("@created", created);
        insert.ExecuteNonQuery();

        for (var position = 0; position < thread.Users.Count; position++)
        {
            var member = w.Command("""
                INSERT INTO thread_users (thread_id, username, position, last_activity)
                VALUES (@id, @user, @position, @created)
                """);
            member.Parameters.AddWithValue("@id", id);
            member.Parameters.AddWithValue("@user", thread.Users[position]);
            member.Parameters.AddWithValue("@position", position);
            member.Parameters.AddWithValue("@created", created);
            member.ExecuteNonQuery();
        }

        _keys.Remember(w, key, id, seq: null);
        return new CreateThreadOutcome(WriteStatus.Done, thread.Id);
    }

    public AppendOutcome Append(SqliteWriter w, NewMessage message, IdempotencyKey? key)
    {
        var threadId = Id(message.ThreadId);
        if (_keys.Find(w, key) is { } seen)
        {
            return seen is { SameRequest: true, Seq: { } original }
                ? new AppendOutcome(WriteStatus.Replayed, ReadMessage(w, seen.ThreadId, original))
                : new AppendOutcome(WriteStatus.KeyReused, null);
        }

        // The membership test sits in the same statement that takes the next seq.
        var next = w.Command("""
            UPDATE threads SET last_seq = last_seq + 1
            WHERE id = @t AND EXISTS (SELECT 1 FROM thread_users WHERE thread_id = @t AND username = @u)
            RETURNING last_seq
            """);
        next.Parameters.AddWithValue("@t", threadId);
        next.Parameters.AddWithValue("@u", message.Username);
        if (next.ExecuteScalar() is not long seq)
        {
            return new AppendOutcome(Refusal(w, threadId), null);
        }

        var insert = w.Command("""
            INSERT INTO messages (thread_id, seq, id, username, text, created_at)
            VALUES (@t, @seq, @id, @u, @text, @created)
            """);
        insert.Parameters.AddWithValue("@t", threadId);
        insert.Parameters.AddWithValue("@seq", seq);
        insert.Parameters.AddWithValue("@id", Id(message.Id));
        insert.Parameters.AddWithValue("@u", message.Username);
        insert.Parameters.AddWithValue("@text", message.Text);
        insert.Parameters.AddWithValue("@created", Ms(message.CreatedAt));
        insert.ExecuteNonQuery();

        // Sending reads everything up to the new message; everyone else has one more unread.
        var members = w.Command("""
            UPDATE thread_users SET
                last_activity = max(last_activity, @created),
                unread = CASE WHEN username = @u THEN 0 ELSE unread + 1 END,
                read_seq = CASE WHEN username = @u THEN @seq ELSE read_seq END
            WHERE thread_id = @t
            """);
        members.Parameters.AddWithValue("@t", threadId);
        members.Parameters.AddWithValue("@u", message.Username);
        members.Parameters.AddWithValue("@seq", seq);
        members.Parameters.AddWithValue("@created", Ms(message.CreatedAt));
        members.ExecuteNonQuery();

        _keys.Remember(w, key, threadId, seq);
        return new AppendOutcome(WriteStatus.Done, new MessageRecord(
            message.Id, message.ThreadId, seq, message.Username, message.Text, message.CreatedAt));
    }

    public static WriteStatus MarkRead(SqliteWriter w, Guid threadId, string username, long seq)
    {
        var id = Id(threadId);
        var position = w.Command("""
            SELECT tu.read_seq, t.last_seq FROM thread_users tu JOIN threads t ON t.id = tu.thread_id
            WHERE tu.thread_id = @t AND tu.username = @u
            """);
        position.Parameters.AddWithValue("@t", id);
        position.Parameters.AddWithValue("@u", username);
        long readSeq, lastSeq;
        using (var reader = position.ExecuteReader())
        {
            if (!reader.Read())
            {
                return Refusal(w, id);
            }

            const int ReadSeq = 0, LastSeq = 1;
            (readSeq, lastSeq) = (reader.GetInt64(ReadSeq), reader.GetInt64(LastSeq));
        }

        var target = Math.Min(seq, lastSeq);
        if (target <= readSeq)
        {
            return WriteStatus.Done;
        }

        var update = w.Command("""
            UPDATE thread_users SET read_seq = @target,
                unread = (SELECT count(*) FROM messages WHERE thread_id = @t AND seq > @target AND username <> @u)
            WHERE thread_id = @t AND username = @u
            """);
        update.Parameters.AddWithValue("@t", id);
        update.Parameters.AddWithValue("@u", username);
        update.Parameters.AddWithValue("@target", target);
        update.ExecuteNonQuery();
        return WriteStatus.Done;
    }

    /// <summary>Why a member-only write found no member row: the thread is missing, or the user is not in it.</summary>
    private static WriteStatus Refusal(SqliteWriter w, byte[] threadId)
    {
        var exists = w.Command("SELECT 1 FROM threads WHERE id = @t");
        exists.Parameters.AddWithValue("@t", threadId);
        return exists.ExecuteScalar() is null ? WriteStatus.ThreadNotFound : WriteStatus.NotMember;
    }

    private static MessageRecord ReadMessage(SqliteWriter w, Guid threadId, long seq)
    {
        var read = w.Command($"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = @t AND seq = @seq");
        read.Parameters.AddWithValue("@t", Id(threadId));
        read.Parameters.AddWithValue("@seq", seq);
        using var reader = read.ExecuteReader();
        reader.Read();
        return MessageRow.Read<SqliteValues>(reader, threadId);
    }
}
