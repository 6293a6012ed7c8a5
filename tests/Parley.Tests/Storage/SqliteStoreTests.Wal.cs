using Microsoft.Data.Sqlite;
using Parley.Storage.Sqlite;

namespace Parley.Tests.Storage;

// The WAL grows while any reader keeps an old snapshot, and a checkpoint can only empty it once
// none does: a long read must not keep one, and the file must shrink back once it could.
public sealed partial class SqliteStoreTests
{
    private string DatabaseFile => Path.Combine(_directory, "parley.db");

    [Fact]
    public async Task APausedReadOfAllMessagesKeepsNoSnapshotSoACheckpointEmptiesTheWal()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await SendManyAsync(thread, Alma, 300);
        await using var messages = Store.ReadMessagesAfterAsync(thread, 0, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await messages.MoveNextAsync());

        // The reader has its first message and waits (as a slow client does): nothing of it may
        // hold the WAL, so a checkpoint that truncates it is not kept waiting by it.
        var (busy, _, _) = await CheckpointAsync("TRUNCATE");

        Assert.Equal(0, busy);
        Assert.Equal(0, new FileInfo(DatabaseFile + "-wal").Length);
        var count = 1;
        while (await messages.MoveNextAsync())
        {
            count++;
        }

        Assert.Equal(300, count);
    }

    [Fact]
    public async Task TheWalIsCutBackToItsLimitOnceAReaderThatMadeItGrowIsGone()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var text = new string('w', 32 * 1024);
        await using (var reader = new SqliteConnection(ConnectionString))
        {
            // Another process's long read transaction (a backup, a report) pins the WAL.
            await reader.OpenAsync(Ct);
            await using var transaction = reader.BeginTransaction(deferred: true);
            await using var read = reader.CreateCommand();
            read.CommandText = "SELECT count(*) FROM messages";
            await read.ExecuteScalarAsync(Ct);

            await SendManyAsync(thread, Alma, 600, text);
            Assert.True(new FileInfo(DatabaseFile + "-wal").Length > 2 * SqliteConnections.WalSizeLimit, "The WAL did not grow past its limit.");
        }

        // The next write checkpoints it all, the one after starts the WAL over and cuts it back.
        await SendManyAsync(thread, Bob, 3);

        Assert.InRange(new FileInfo(DatabaseFile + "-wal").Length, 0, SqliteConnections.WalSizeLimit);
    }

    private async Task<(long Busy, long Log, long Checkpointed)> CheckpointAsync(string mode)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var result = await checkpoint.ExecuteReaderAsync(Ct);
        await result.ReadAsync(Ct);
        return (result.GetInt64(0), result.GetInt64(1), result.GetInt64(2));
    }
}
