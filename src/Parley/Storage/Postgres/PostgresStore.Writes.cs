using Npgsql;

namespace Parley.Storage.Postgres;

// Each write is one READ COMMITTED transaction. Locks are always taken in the same order
// (idempotency key, thread row, member rows; a read position takes only its member row), so
// concurrent writes wait for each other and never deadlock.
internal sealed partial class PostgresStore
{
    public Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct) =>
        WriteAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            if (await ClaimKeyAsync(connection, key, thread.Id, token) is { } seen)
            {
                return new CreateThreadOutcome(seen.SameRequest ? WriteStatus.Replayed : WriteStatus.KeyReused, seen.ThreadId);
            }

            token.ThrowIfCancellationRequested();
            var created = Ms(thread.CreatedAt);
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    BatchCommand("INSERT INTO threads (id, title, created_at) VALUES ($1, $2, $3)",
                        thread.Id, thread.Title, created),
                    BatchCommand("""
                        INSERT INTO thread_users (thread_id, username, position, last_activity)
                        SELECT $1, member.username, member.position - 1, $3
                        FROM unnest($2::text[]) WITH ORDINALITY AS member (username, position)
                        """, thread.Id, thread.Users.ToArray(), created),
                },
            };
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return new CreateThreadOutcome(WriteStatus.Done, thread.Id);
        }, ct);

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

    private const string AppendUnkeyed = $"{Append} SELECT last_seq FROM next";

    private const string AppendKeyed = $"""
        {Append}, keyed AS (
            UPDATE idempotency_keys SET seq = next.last_seq FROM next WHERE principal = $6 AND key = $7
        )
        SELECT last_seq FROM next
        """;

    public Task<AppendOutcome> AppendMessageAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) =>
        key is null ? Appends.AppendAsync(message, ct) : AppendAloneAsync(message, key, ct);

    /// <summary>One append of the batch <see cref="PostgresAppends"/> sends: the seq, or no row when nothing was written.</summary>
    internal static NpgsqlBatchCommand AppendCommand(NewMessage message) =>
        BatchCommand(AppendUnkeyed, message.ThreadId, message.Username, message.Id, message.Text, Ms(message.CreatedAt));

    /// <summary>A send in a transaction of its own: keyed sends, and unkeyed ones a batch could not take.</summary>
    private Task<AppendOutcome> AppendAloneAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) =>
        WriteAsync(async (connection, token) =>
        {
            // Without a key the append is one statement, a transaction of its own.
            await using var transaction = key is null ? null : await connection.BeginTransactionAsync(token);
            if (await ClaimKeyAsync(connection, key, message.ThreadId, token) is { } seen)
            {
                return seen is { SameRequest: true, Seq: { } original }
                    ? new AppendOutcome(WriteStatus.Replayed, await ReadMessageAsync(connection, seen.ThreadId, original, token))
                    : new AppendOutcome(WriteStatus.KeyReused, null);
            }

            token.ThrowIfCancellationRequested();
            await using var append = key is null
                ? Command(connection, AppendUnkeyed,
                    message.ThreadId, message.Username, message.Id, message.Text, Ms(message.CreatedAt))
                : Command(connection, AppendKeyed,
                    message.ThreadId, message.Username, message.Id, message.Text, Ms(message.CreatedAt), key.Principal, key.Key);
            if (await append.ExecuteScalarAsync(CancellationToken.None) is not long seq)
            {
                // Nothing was written; with a key, the rollback leaves the key unused.
                return new AppendOutcome(
                    await ThreadExistsAsync(connection, message.ThreadId, token) ? WriteStatus.NotMember : WriteStatus.ThreadNotFound, null);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(CancellationToken.None);
            }

            return new AppendOutcome(WriteStatus.Done, new MessageRecord(
                message.Id, message.ThreadId, seq, message.Username, message.Text, message.CreatedAt));
        }, ct);

    public Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct) =>
        WriteAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);

            // The member row is locked first. Every send updates that row too, so while it is
            // held no send can commit: the count below sees exactly the messages up to last_seq.
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    BatchCommand("SELECT 1 FROM thread_users WHERE thread_id = $1 AND username = $2 FOR UPDATE", threadId, username),
                    BatchCommand("""
                        UPDATE thread_users SET
                            read_seq = target.seq,
                            unread = (SELECT count(*) FROM messages m
                                      WHERE m.thread_id = $1 AND m.seq > target.seq AND m.username <> $2)
                        FROM (SELECT LEAST($3, last_seq) AS seq FROM threads WHERE id = $1) target
                        WHERE thread_id = $1 AND username = $2 AND target.seq > read_seq
                        """, threadId, username, seq),
                },
            };
            bool member;
            token.ThrowIfCancellationRequested();
            await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
            {
                member = await reader.ReadAsync(CancellationToken.None);
            }

            if (!member)
            {
                return await ThreadExistsAsync(connection, threadId, token) ? WriteStatus.NotMember : WriteStatus.ThreadNotFound;
            }

            await transaction.CommitAsync(CancellationToken.None);
            return WriteStatus.Done;
        }, ct);

    private sealed record SeenKey(bool SameRequest, Guid ThreadId, long? Seq);

    /// <summary>
    /// Claims <paramref name="key"/> for this transaction, or answers what the key was used for.
    /// A concurrent request with the same key waits here until the first one commits (then sees
    /// its record) or rolls back (then claims the key itself). A key older than the 24-hour
    /// window is claimed again, as if it were new.
    /// </summary>
    private async Task<SeenKey?> ClaimKeyAsync(NpgsqlConnection connection, IdempotencyKey? key, Guid threadId, CancellationToken ct)
    {
        if (key is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await using var claim = Command(connection, """
            INSERT INTO idempotency_keys AS k (principal, key, fingerprint, thread_id, seq, created_at)
            VALUES ($1, $2, $3, $4, NULL, $5)
            ON CONFLICT (principal, key) DO UPDATE SET
                fingerprint = excluded.fingerprint, thread_id = excluded.thread_id, seq = NULL, created_at = excluded.created_at
            WHERE k.created_at < $6
            RETURNING 1
            """, key.Principal, key.Key, key.Fingerprint, threadId, Ms(now), Ms(now - KeyLifetime));
        if (await claim.ExecuteScalarAsync(ct) is not null)
        {
            return null;
        }

        // Not claimed: the key is in its window, and the conflict left its row locked for us.
        await using var find = Command(connection,
            "SELECT fingerprint, thread_id, seq FROM idempotency_keys WHERE principal = $1 AND key = $2", key.Principal, key.Key);
        await using var reader = await find.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var same = reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(key.Fingerprint);
        return new SeenKey(same, reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    private static async Task<bool> ThreadExistsAsync(NpgsqlConnection connection, Guid threadId, CancellationToken ct)
    {
        await using var exists = Command(connection, "SELECT 1 FROM threads WHERE id = $1", threadId);
        return await exists.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task<MessageRecord> ReadMessageAsync(NpgsqlConnection connection, Guid threadId, long seq, CancellationToken ct)
    {
        await using var read = Command(connection,
            "SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = $1 AND seq = $2", threadId, seq);
        await using var reader = await read.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return ReadMessage(reader, threadId, 0);
    }
}
