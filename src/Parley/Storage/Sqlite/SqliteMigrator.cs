using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Applies the numbered scripts under <c>Storage/Sqlite/Migrations</c> that the database has
/// not seen, each in its own transaction, and records them in <c>schema_version</c> with the
/// time the store's clock reads.
/// </summary>
internal static class SqliteMigrator
{
    public static async Task ApplyAsync(SqliteConnection connection, TimeProvider time, CancellationToken ct)
    {
        // SQLite has no hash function of its own; 0002 turns stored idempotency keys into digests.
        connection.CreateFunction("parley_sha256", (string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text)), isDeterministic: true);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    INTEGER NOT NULL PRIMARY KEY,
                    applied_at INTEGER NOT NULL)
                """;
            await create.ExecuteNonQueryAsync(ct);
        }

        long current;
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = await query.ExecuteScalarAsync(ct) is long version ? version : 0;
        }

        foreach (var (version, sql) in MigrationScripts.For("Sqlite"))
        {
            if (version <= current)
            {
                continue;
            }

            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql + ";\nINSERT INTO schema_version (version, applied_at) VALUES (@v, @at);";
            command.Parameters.AddWithValue("@v", version);
            command.Parameters.AddWithValue("@at", time.GetUtcNow().ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }
}
