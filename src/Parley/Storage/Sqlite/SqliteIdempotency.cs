using Parley.Rules;
using Parley.Storage.Internal;
using static Parley.Storage.Sqlite.SqliteValues;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Idempotency keys, read and recorded on the writer's connection inside the write they guard.
/// Writes run one at a time there, so a key cannot be claimed twice: the first write records
/// it, and every later one finds it. Only a key's digest is stored, and a principal keeps at
/// most <see cref="IdempotencyKey.MaxKept"/> keys: the newest.
/// </summary>
internal sealed class SqliteIdempotency(TimeProvider time)
{
    /// <summary>What <paramref name="key"/> was used for inside its window; null when it is new (or absent).</summary>
    public SeenKey? Find(SqliteWriter w, IdempotencyKey? key)
    {
        if (key is null)
        {
            return null;
        }

        var find = w.Command("""
            SELECT fingerprint, thread_id, seq FROM idempotency_digests
            WHERE principal = @p AND key_digest = @k AND created_at >= @since
            """);
        find.Parameters.AddWithValue("@p", key.Principal);
        find.Parameters.AddWithValue("@k", key.Digest);
        find.Parameters.AddWithValue("@since", Ms(time.GetUtcNow() - Limits.IdempotencyWindow));
        using var reader = find.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        const int Fingerprint = 0, ThreadId = 1, Seq = 2;
        var messageSeq = reader.IsDBNull(Seq) ? (long?)null : reader.GetInt64(Seq);
        return SeenKey.Of(key, reader.GetFieldValue<byte[]>(Fingerprint), Id(reader, ThreadId), messageSeq);
    }

    /// <summary>
    /// Records <paramref name="key"/> as used for this write (a thread, or a message's seq in
    /// it) as its principal's newest, and forgets the principal's oldest beyond its bound.
    /// </summary>
    public void Remember(SqliteWriter w, IdempotencyKey? key, byte[] threadId, long? seq)
    {
        if (key is null)
        {
            return;
        }

        // REPLACE: a key older than the window may be used again for a new request.
        var remember = w.Command("""
            INSERT OR REPLACE INTO idempotency_digests (principal, key_digest, ordinal, fingerprint, thread_id, seq, created_at)
            VALUES (@p, @k, COALESCE((SELECT ordinal FROM idempotency_digests WHERE principal = @p ORDER BY ordinal DESC LIMIT 1), 0) + 1, @f, @t, @seq, @at)
            RETURNING ordinal
            """);
        remember.Parameters.AddWithValue("@p", key.Principal);
        remember.Parameters.AddWithValue("@k", key.Digest);
        remember.Parameters.AddWithValue("@f", key.Fingerprint);
        remember.Parameters.AddWithValue("@t", threadId);
        remember.Parameters.AddWithValue("@seq", (object?)seq ?? DBNull.Value);
        remember.Parameters.AddWithValue("@at", Ms(time.GetUtcNow()));
        if (remember.ExecuteScalar() is not long ordinal || key.MaxKept is not { } max)
        {
            return;
        }

        var forget = w.Command("DELETE FROM idempotency_digests WHERE principal = @p AND ordinal <= @oldest");
        forget.Parameters.AddWithValue("@p", key.Principal);
        forget.Parameters.AddWithValue("@oldest", ordinal - max);
        forget.ExecuteNonQuery();
    }

    public static int Purge(SqliteWriter w, DateTimeOffset before)
    {
        var purge = w.Command("DELETE FROM idempotency_digests WHERE created_at < @before");
        purge.Parameters.AddWithValue("@before", Ms(before));
        return purge.ExecuteNonQuery();
    }
}
