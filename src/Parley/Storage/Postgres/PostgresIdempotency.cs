using Npgsql;
using Parley.Rules;
using Parley.Storage.Internal;
using static Parley.Storage.Postgres.PostgresStatements;
using static Parley.Storage.Postgres.PostgresValues;

namespace Parley.Storage.Postgres;

/// <summary>Idempotency keys, claimed inside the transaction of the write they guard.</summary>
internal sealed class PostgresIdempotency(TimeProvider time)
{
    /// <summary>
    /// Claims <paramref name="key"/> for this transaction, or answers what the key was used for.
    /// A concurrent request with the same key waits here until the first one commits (then sees
    /// its record) or rolls back (then claims the key itself). A key older than the window is
    /// claimed again, as if it were new.
    /// </summary>
    public async Task<SeenKey?> ClaimAsync(NpgsqlConnection connection, IdempotencyKey? key, Guid threadId, CancellationToken ct)
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
            """, key.Principal, key.Key, key.Fingerprint, threadId, Ms(now), Ms(now - Limits.IdempotencyWindow));
        if (await claim.ExecuteScalarAsync(ct) is not null)
        {
            return null;
        }

        // Not claimed: the key is in its window, and the conflict left its row locked for us.
        await using var find = Command(connection,
            "SELECT fingerprint, thread_id, seq FROM idempotency_keys WHERE principal = $1 AND key = $2", key.Principal, key.Key);
        await using var reader = await find.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        const int Fingerprint = 0, ThreadId = 1, Seq = 2;
        var messageSeq = reader.IsDBNull(Seq) ? (long?)null : reader.GetInt64(Seq);
        return SeenKey.Of(key, reader.GetFieldValue<byte[]>(Fingerprint), reader.GetGuid(ThreadId), messageSeq);
    }

    public static async Task<int> PurgeAsync(NpgsqlConnection connection, DateTimeOffset before, CancellationToken ct)
    {
        await using var purge = Command(connection, "DELETE FROM idempotency_keys WHERE created_at < $1", Ms(before));
        return await purge.ExecuteNonQueryAsync(ct);
    }
}
