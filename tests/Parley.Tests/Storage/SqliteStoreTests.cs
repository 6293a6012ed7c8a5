using Microsoft.Data.Sqlite;
using Parley.Storage;
using Parley.Storage.Sqlite;

namespace Parley.Tests.Storage;

/// <summary>The store contract on a fresh SQLite file per test, plus what only SQLite can show.</summary>
public sealed partial class SqliteStoreTests : StoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));

    private readonly List<SqliteStore> _otherStores = [];

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "parley.db")}";

    private protected override async Task<IParleyStore> CreateStoreAsync(TimeProvider time)
    {
        var store = new SqliteStore(ConnectionString, time);
        await store.MigrateAsync(Ct);
        return store;
    }

    private protected override async ValueTask DisposeStoreAsync(IParleyStore store)
    {
        await ((SqliteStore)store).DisposeAsync();
        foreach (var other in _otherStores)
        {
            await other.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private protected override IParleyStore CreateUnreachableStore(TimeProvider time)
    {
        // A directory where the database file should be: SQLite cannot open it.
        var inTheWay = Path.Combine(_directory, "in-the-way.db");
        Directory.CreateDirectory(inTheWay);
        return Keep(new SqliteStore($"Data Source={inTheWay}", time));
    }

    private protected override async Task DropTableAsync(string table)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP TABLE {table}";
        await drop.ExecuteNonQueryAsync(Ct);
    }

    private SqliteStore Keep(SqliteStore store)
    {
        _otherStores.Add(store);
        return store;
    }

    [Fact]
    public async Task ReadsFailAsUnavailableWhileAnotherProcessHoldsTheDatabaseExclusively()
    {
        // A database of its own, migrated but never written through, so that no connection of
        // the store is open when the other process takes the lock. Reads wait at most a second.
        var file = Path.Combine(_directory, "exclusive.db");
        var store = Keep(new SqliteStore($"Data Source={file};Default Timeout=1", Time));
        await store.MigrateAsync(Ct);
        var thread = Guid.CreateVersion7();
        await using (var other = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await other.OpenAsync(Ct);
            await using var exclusive = other.CreateCommand();
            // In WAL mode, only an exclusive locking mode keeps readers out, from its first write on.
            exclusive.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; DELETE FROM threads;";
            await exclusive.ExecuteNonQueryAsync(Ct);

            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetMessageAsync(thread, 1, member: null, Ct));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetThreadAsync(thread, member: null, Ct));
        }

        // Once the other process is gone, the same store writes and reads again.
        Assert.Equal(WriteStatus.Done, (await store.CreateThreadAsync(NewThread(Alma, Bob) with { Id = thread }, key: null, Ct)).Status);
        Assert.True(await store.ThreadExistsAsync(thread, Ct));
    }

    [Fact]
    public async Task MigrationsRecordTheTimeOfTheStoresClock()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var applied = connection.CreateCommand();
        applied.CommandText = "SELECT DISTINCT applied_at FROM schema_version";

        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds(), await applied.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task WritesFailAsUnavailableWhileAnotherProcessHoldsTheWriteLock()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        await using (var other = new SqliteConnection(ConnectionString))
        {
            await other.OpenAsync(Ct);
            await using var transaction = other.BeginTransaction(deferred: false);

            await Assert.ThrowsAsync<StoreUnavailableException>(() => SendAsync(thread, Alma));
        }

        // Once the lock is gone, the same store writes again, with no seq lost.
        var message = await SendAsync(thread, Alma);
        Assert.Equal(1, message.Seq);
    }

    // The statements the store runs, from the store itself, with limits as the API uses them.
    public static TheoryData<string> HotQueries => new()
    {
        SqliteStatements.PageSql(new MessagePageQuery(50, null, null), 51, guarded: true),
        SqliteStatements.PageSql(new MessagePageQuery(50, 100, null), 51, guarded: true),
        SqliteStatements.PageSql(new MessagePageQuery(50, null, 100), 51, guarded: true),
        SqliteStatements.PageSql(new MessagePageQuery(50, null, null), 51, guarded: false),
        SqliteStatements.InboxSql(cursor: false, 21),
        SqliteStatements.InboxSql(cursor: true, 21),
        SqliteStatements.ChunkSql,
    };

    [Theory]
    [MemberData(nameof(HotQueries))]
    public async Task HotQueryReadsOneIndexRangeWithoutScanOrSort(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "@t", "@c", "@u", "@a", "@at", "@s", "@e" })
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(3));
            }
        }

        // Allowed: the member list of each listed thread, a correlated subquery that reads that
        // thread's own rows (at most 100) and puts them in position order.
        plan.RemoveAll(step => step.StartsWith("CORRELATED SCALAR SUBQUERY", StringComparison.Ordinal)
            || step == "USE TEMP B-TREE FOR group_concat(ORDER BY)");
        Assert.NotEmpty(plan);
        Assert.All(plan, step =>
        {
            Assert.StartsWith("SEARCH ", step, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", step, StringComparison.Ordinal);
        });
    }
}
