namespace Parley.Storage.Sqlite;

// The writes run on the writer's connection, inside its current batch transaction.
internal sealed partial class SqliteStore
{
    public Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct) =>
        Writer.WriteAsync(w =>
        {
            if (FindKey(w, key) is { } seen)
            {
                return new CreateThreadOutcome(seen.SameRequest ? WriteStatus.Replayed : WriteStatus.KeyReused, seen.ThreadId);
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

            RememberKey(w, key, id, seq: null);
            return new CreateThreadOutcome(WriteStatus.Done, thread.Id);
        }, ct);

    public Task<AppendOutcome> AppendMessageAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) =>
        Writer.WriteAsync(w =>
        {
            var threadId = Id(message.ThreadId);
            if (FindKey(w, key) is { } seen)
            {
                return seen.SameRequest
                    ? new AppendOutcome(WriteStatus.Replayed, ReadMessage(w, seen.ThreadId, seen.Seq!.Value))
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
                return new AppendOutcome(ThreadExists(w, threadId) ? WriteStatus.NotMember : WriteStatus.ThreadNotFound, null);
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

            RememberKey(w, key, threadId, seq);
            return new AppendOutcome(WriteStatus.Done, new MessageRecord(
                message.Id, message.ThreadId, seq, message.Username, message.Text, message.CreatedAt));
        }, ct);

    public Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct) =>
        Writer.WriteAsync(w =>
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
                    return ThreadExists(w, id) ? WriteStatus.NotMember : WriteStatus.ThreadNotFound;
                }

                (readSeq, lastSeq) = (reader.GetInt64(0), reader.GetInt64(1));
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
        }, ct);

    public async Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct)
    {
        return await Writer.WriteAsync(w =>
        {
            var purge = w.Command("DELETE FROM idempotency_keys WHERE created_at < @before");
            purge.Parameters.AddWithValue("@before", Ms(before));
            return purge.ExecuteNonQuery();
        }, ct);
    }

    private sealed record SeenKey(bool SameRequest, Guid ThreadId, long? Seq);

    private SeenKey? FindKey(SqliteWriter w, IdempotencyKey? key)
    {
        if (key is null)
        {
            return null;
        }

        var find = w.Command("""
            SELECT fingerprint, thread_id, seq FROM idempotency_keys
            WHERE principal = @p AND key = @k AND created_at >= @since
            """);
        find.Parameters.AddWithValue("@p", key.Principal);
        find.Parameters.AddWithValue("@k", key.Key);
        find.Parameters.AddWithValue("@since", Ms(_time.GetUtcNow() - KeyLifetime));
        using var reader = find.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var same = reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(key.Fingerprint);
        return new SeenKey(same, Id(reader, 1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    private void RememberKey(SqliteWriter w, IdempotencyKey? key, byte[] threadId, long? seq)
    {
        if (key is null)
        {
            return;
        }

        // REPLACE: a key older than the window may be used again for a new request.
        var remember = w.Command("""
            INSERT OR REPLACE INTO idempotency_keys (principal, key, fingerprint, thread_id, seq, created_at)
            VALUES (@p, @k, @f, @t, @seq, @at)
            """);
        remember.Parameters.AddWithValue("@p", key.Principal);
        remember.Parameters.AddWithValue("@k", key.Key);
        remember.Parameters.AddWithValue("@f", key.Fingerprint);
        remember.Parameters.AddWithValue("@t", threadId);
        remember.Parameters.AddWithValue("@seq", (object?)seq ?? DBNull.Value);
        remember.Parameters.AddWithValue("@at", Ms(_time.GetUtcNow()));
        remember.ExecuteNonQuery();
    }

    private static bool ThreadExists(SqliteWriter w, byte[] threadId)
    {
        var exists = w.Command("SELECT 1 FROM threads WHERE id = @t");
        exists.Parameters.AddWithValue("@t", threadId);
        return exists.ExecuteScalar() is not null;
    }

    private static MessageRecord ReadMessage(SqliteWriter w, Guid threadId, long seq)
    {
        var read = w.Command("SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = @t AND seq = @seq");
        read.Parameters.AddWithValue("@t", Id(threadId));
        read.Parameters.AddWithValue("@seq", seq);
        using var reader = read.ExecuteReader();
        reader.Read();
        return ReadMessage(reader, threadId, 0);
    }
}
