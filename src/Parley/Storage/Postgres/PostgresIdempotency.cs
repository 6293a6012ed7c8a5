using Npgsql;
using Parley.Rules;
using Parley.Storage.Internal;
using static Parley.Storage.Postgres.PostgresStatements;
using static Parley.Storage.Postgres.PostgresValues;

namespace Parley.Storage.Postgres;

/// <summary>
/// Idempotency keys, claimed inside the transaction of the write they guard. Only a key's
/// digest is stored, and a principal keeps at most <see cref="IdempotencyKey.MaxKept"/> keys:
/// the newest (give or take the claims of that principal in flight at the same moment).
/// </summary>
internal sealed class PostgresIdempotency(TimeProvider time)
{
    /// <summary>
    /// Claims <paramref name="key"/> for this transaction as its principal's newest, forgetting
    /// the principal's oldest beyond its bound, or answers what the key was used for. A
    /// concurrent request with the same key waits here until the first one commits (then sees
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
        // The forgetting sees the table as it was before this statement, so it spares the
        // claimed key by name: a re-claimed expired key may have had an old number.
        await using var claim = Command(connection, """
            WITH claimed AS (
                INSERT INTO idempotency_digests AS k (principal, key_digest, ordinal, fingerprint, thread_id, seq, created_at)
                VALUES ($1, $2, COALESCE((SELECT ordinal FROM idempotency_digests WHERE principal = $1 ORDER BY ordinal DESC LIMIT 1), 0) + 1, $3, $4, NULL, $5)
                ON CONFLICT (principal, key_digest) DO UPDATE SET
                    ordinal = excluded.ordinal, fingerprint = excluded.fingerprint, thread_id = excluded.thread_id,
                    seq = NULL, created_at = excluded.created_at
                WHERE k.created_at < $6
                RETURNING ordinal
            ), forgotten AS (
                DELETE FROM idempotency_digests d USING claimed
                WHERE d.principal = $1 AND d.ordinal <= claimed.ordinal - $7 AND d.key_digest <> $2
            )
            SELECT 1 FROM claimed
            """, key.Principal, key.Digest, key.Fingerprint, threadId, Ms(now), Ms(now - Limits.IdempotencyWindow), (long?)key.MaxKept);
        if (await claim.ExecuteScalarAsync(ct) is not null)
        {
            return null;
        }

        // Not claimed: the key is in its window, and the conflict left its row locked for us.
        await using var find = Command(connection,
            "SELECT fingerprint, thread_id, seq FROM idempotency_digests WHERE principal = $1 AND key_digest = $2", key.Principal, key.Digest);
        await using var reader = await find.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        const int Fingerprint = 0, ThreadId = 1, Seq = 2;
        var messageSeq = reader.IsDBNull(Seq) ? (long?)null : reader.GetInt64(Seq);
        return SeenKey.Of(key, reader.GetFieldValue<byte[]>(Fingerprint), reader.GetGuid(ThreadId), messageSeq);
    }

    /// <summary>Forgets the keys recorded before <paramref name="before"/>, in the table of the previous release too.</summary>
    public static async Task<int> PurgeAsync(NpgsqlConnection connection, DateTimeOffset before, CancellationToken ct)
    {
        await using var purge = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                BatchCommand("DELETE FROM idempotency_digests WHERE created_at < $1", Ms(before)),
                BatchCommand("DELETE FROM idempotency_keys WHERE created_at < $1", Ms(before)),
            },
        };
        return await purge.ExecuteNonQueryAsync(ct);
    }
}
