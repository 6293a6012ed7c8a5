using Npgsql;
using Parley.Storage.Internal;
using static Parley.Storage.Postgres.PostgresStatements;
using static Parley.Storage.Postgres.PostgresValues;

namespace Parley.Storage.Postgres;

/// <summary>
/// The store's writes, each one READ COMMITTED transaction on a pooled connection. Locks are
/// always taken in the same order (idempotency key, thread row, member rows; a read position
/// takes only its member row), so concurrent writes, on this instance or another, wait for
/// each other and never deadlock. Sends without a key come here through
/// <see cref="PostgresAppends"/>, which groups them.
/// </summary>
internal sealed class PostgresWrites(PostgresConnections connections, TimeProvider time)
{
    private readonly PostgresIdempotency _keys = new(time);

    public Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct) =>
        connections.WriteAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            if (await _keys.ClaimAsync(connection, key, thread.Id, token) is { } seen)
            {
                return new CreateThreadOutcome(seen.Status, seen.ThreadId);
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

    /// <summary>A send in a transaction of its own: keyed sends, and unkeyed ones a batch could not take.</summary>
    public Task<AppendOutcome> AppendAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) =>
        connections.WriteAsync(async (connection, token) =>
        {
            // Without a key the append is one statement, a transaction of its own.
            await using var transaction = key is null ? null : await connection.BeginTransactionAsync(token);
            if (await _keys.ClaimAsync(connection, key, message.ThreadId, token) is { } seen)
            {
                return seen is { SameRequest: true, Seq: { } original }
                    ? new AppendOutcome(WriteStatus.Replayed, await ReadMessageAsync(connection, seen.ThreadId, original, token))
                    : new AppendOutcome(WriteStatus.KeyReused, null);
            }

            token.ThrowIfCancellationRequested();
            await using var append = AppendCommand(connection, message, key);
            if (await append.ExecuteScalarAsync(CancellationToken.None) is not long seq)
            {
                // Nothing was written; with a key, the rollback leaves the key unused.
                return new AppendOutcome(await RefusalAsync(connection, message.ThreadId, token), null);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(CancellationToken.None);
            }

            return new AppendOutcome(WriteStatus.Done, new MessageRecord(
                message.Id, message.ThreadId, seq, message.Username, message.Text, message.CreatedAt));
        }, ct);

    public Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct) =>
        connections.WriteAsync(async (connection, token) =>
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
                return await RefusalAsync(connection, threadId, token);
            }

            await transaction.CommitAsync(CancellationToken.None);
            return WriteStatus.Done;
        }, ct);

    /// <summary>Why a member-only write changed nothing: the thread is missing, or the user is not in it.</summary>
    private static async Task<WriteStatus> RefusalAsync(NpgsqlConnection connection, Guid threadId, CancellationToken ct) =>
        await ThreadExistsAsync(connection, threadId, ct) ? WriteStatus.NotMember : WriteStatus.ThreadNotFound;

    private static async Task<MessageRecord> ReadMessageAsync(NpgsqlConnection connection, Guid threadId, long seq, CancellationToken ct)
    {
        await using var read = Command(connection, $"SELECT {MessageRow.Columns} FROM messages WHERE thread_id = $1 AND seq = $2", threadId, seq);
        await using var reader = await read.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return MessageRow.Read<PostgresValues>(reader, threadId);
    }
}
