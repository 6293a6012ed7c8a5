using Microsoft.Data.Sqlite;
using Parley.Storage;
using Parley.Storage.Sqlite;

namespace Parley.Tests.Storage;

/// <summary>The store contract on a fresh SQLite file per test, plus what only SQLite can show.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));

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
        Directory.Delete(_directory, recursive: true);
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
        SqliteStore.PageSql(new MessagePageQuery(50, null, null), 51, guarded: true),
        SqliteStore.PageSql(new MessagePageQuery(50, 100, null), 51, guarded: true),
        SqliteStore.PageSql(new MessagePageQuery(50, null, 100), 51, guarded: true),
        SqliteStore.PageSql(new MessagePageQuery(50, null, null), 51, guarded: false),
        SqliteStore.InboxSql(cursor: false, 21),
        SqliteStore.InboxSql(cursor: true, 21),
    };

    [Theory]
    [MemberData(nameof(HotQueries))]
    public async Task HotQueryReadsOneIndexRangeWithoutScanOrSort(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "@t", "@c", "@u", "@a", "@at" })
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
