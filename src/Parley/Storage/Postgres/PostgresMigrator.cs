using Npgsql;

namespace Parley.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts under <c>Storage/Postgres/Migrations</c> that the database has
/// not seen, each in its own transaction, and records them in <c>schema_version</c> with the
/// time the store's clock reads. Instances that start together take turns under one advisory
/// lock, so each script runs exactly once; the later ones find it recorded and skip it.
/// </summary>
internal static class PostgresMigrator
{
    // Any fixed number will do, as long as every Parley instance uses the same one.
    private const long LockKey = 0x5061726c6579; // "Parley"

    /// <summary>Returns the versions this call applied.</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(NpgsqlConnection connection, TimeProvider time, CancellationToken ct)
    {
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", ct, LockKey);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    integer     NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);

            int current;
            await using (var query = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection))
            {
                current = await query.ExecuteScalarAsync(ct) is int version ? version : 0;
            }

            var applied = new List<int>();
            foreach (var (version, sql) in MigrationScripts.For("Postgres"))
            {
                if (version <= current)
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, sql, ct);
                await ExecuteAsync(connection, "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                    ct, version, PostgresValues.Ms(time.GetUtcNow()));
                await transaction.CommitAsync(ct);
                applied.Add(version);
            }

            return applied;
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, LockKey);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The lock belongs to the session: a dropped connection released it. Pooled
            // connections are not reset on return (PostgresDataSource), so the pool is cleared:
            // this connection is closed, not reused with the lock still held.
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = PostgresStatements.Command(connection, sql, values);
        await command.ExecuteNonQueryAsync(ct);
    }
}
