using System.Text;
using Microsoft.Data.Sqlite;
using Parley.Storage;
using Parley.Storage.Sqlite;

namespace Parley.Tests.Storage;

// Idempotency keys at rest, and those recorded before they were kept as digests.
public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task AnIdempotencyKeyIsWrittenToDiskOnlyAsItsDigest()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var marker = Guid.NewGuid().ToString("N");
        var key = (marker + new string('k', 255))[..255];

        await Store.AppendMessageAsync(NewMessage(thread, Alma), Key(UserPrincipal(Alma), key, "send"), Ct);
        await Store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, marker, "create"), Ct);

        // Everything the store has written: the database file and its WAL, which holds the
        // new pages until a checkpoint.
        foreach (var path in new[] { DatabaseFile, DatabaseFile + "-wal" })
        {
            var bytes = await File.ReadAllBytesAsync(path, Ct);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)) < 0, $"The key is in {Path.GetFileName(path)} in clear.");
        }
    }

    [Fact]
    public async Task KeysRecordedBeforeTheyWereKeptAsDigestsAreStillHonoured()
    {
        var file = Path.Combine(_directory, "release-1.db");
        var thread = Guid.CreateVersion7();
        var recordedAt = Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            // A database of the first schema, with a key recorded by the release that had it.
            await connection.OpenAsync(Ct);
            await using var setup = connection.CreateCommand();
            setup.CommandText = MigrationScripts.For("Sqlite").First().Sql + """
                ;
                CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);
                INSERT INTO schema_version (version, applied_at) VALUES (1, @at);
                INSERT INTO threads (id, title, created_at, last_seq) VALUES (@t, NULL, @at, 0);
                INSERT INTO idempotency_keys (principal, key, fingerprint, thread_id, seq, created_at)
                VALUES ('service', 'k', @f, @t, NULL, @at);
                """;
            setup.Parameters.AddWithValue("@at", recordedAt);
            setup.Parameters.AddWithValue("@t", thread.ToByteArray(bigEndian: true));
            setup.Parameters.AddWithValue("@f", Encoding.UTF8.GetBytes("create alma bob"));
            await setup.ExecuteNonQueryAsync(Ct);
        }

        var store = Keep(new SqliteStore($"Data Source={file}", Time));
        await store.MigrateAsync(Ct);

        Assert.Equal(new CreateThreadOutcome(WriteStatus.Replayed, thread),
            await store.CreateThreadAsync(NewThread(Alma, Bob), Key(Service, "k", "create alma bob"), Ct));
        Assert.Equal(WriteStatus.KeyReused, (await store.CreateThreadAsync(NewThread(Alma, Carol), Key(Service, "k", "create alma carol"), Ct)).Status);
    }
}
