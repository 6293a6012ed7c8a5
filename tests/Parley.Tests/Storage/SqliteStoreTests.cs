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

    // The statements of SqliteStore.Reads as they run, with a literal LIMIT as there.
    public static TheoryData<string> HotQueries => new()
    {
        "SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = @t ORDER BY seq DESC LIMIT 51",
        "SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = @t AND seq < @c ORDER BY seq DESC LIMIT 51",
        "SELECT id, seq, username, text, created_at FROM messages WHERE thread_id = @t AND seq > @c ORDER BY seq LIMIT 51",
        InboxQuery(""),
        InboxQuery("AND (tu.last_activity, tu.thread_id) < (@a, @at)"),
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

        Assert.NotEmpty(plan);
        Assert.All(plan, step =>
        {
            Assert.StartsWith("SEARCH ", step, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", step, StringComparison.Ordinal);
        });
    }

    private static string InboxQuery(string page) => $"""
        SELECT t.id, t.title, t.created_at, t.last_seq,
            m.id, m.seq, m.username, m.text, m.created_at, tu.unread, tu.last_activity FROM thread_users tu
        JOIN threads t ON t.id = tu.thread_id
        LEFT JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
        WHERE tu.username = @u {page}
        ORDER BY tu.last_activity DESC, tu.thread_id DESC
        LIMIT 21
        """;
}
