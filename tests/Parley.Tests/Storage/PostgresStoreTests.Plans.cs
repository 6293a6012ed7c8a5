using System.Text.Json;
using Npgsql;
using Parley.Storage.Postgres;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Storage;

public sealed partial class PostgresStoreTests
{
    public static TheoryData<string> HotQueries => new()
    {
        nameof(PostgresStatements.NewestPage),
        nameof(PostgresStatements.PageBefore),
        nameof(PostgresStatements.PageAfter),
        nameof(PostgresStatements.Inbox),
        nameof(PostgresStatements.InboxAfter),
    };

    /// <summary>
    /// With enough rows that a scan would cost, each hot read is one index range, never a scan
    /// of a table nor a sort of its rows: its cost follows the page size, not the data size.
    /// A page reads its rows from the heap (text is too large for an index), the inbox its own
    /// rows from the index alone.
    /// </summary>
    [Theory]
    [MemberData(nameof(HotQueries))]
    public async Task HotQueryReadsOneIndexRangeWithoutScanOrSort(string query)
    {
        var (sql, values) = await FillAsync(query);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestPostgres.RequireServer()) { SearchPath = _schema }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
        foreach (var value in values)
        {
            explain.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(Ct))!);
        var nodes = Nodes(plan.RootElement[0].GetProperty("Plan"), inSubPlan: false).ToList();

        Assert.DoesNotContain(nodes, n => n.Type == "Seq Scan");
        Assert.DoesNotContain(nodes, n => n.Type == "Sort" && !n.InSubPlan);
        Assert.Contains(nodes, n => query.StartsWith("Inbox", StringComparison.Ordinal)
            ? n is { Type: "Index Only Scan", Index: "thread_users_inbox" }
            : n is { Type: "Index Scan", Index: "messages_pkey" });
    }

    private sealed record PlanNode(string Type, string? Index, bool InSubPlan);

    private static IEnumerable<PlanNode> Nodes(JsonElement node, bool inSubPlan)
    {
        // Sorting a thread's (at most 100) users for each listed thread is fine; sorting the page is not.
        var sub = inSubPlan || (node.TryGetProperty("Parent Relationship", out var parent) && parent.GetString() is "SubPlan" or "InitPlan");
        yield return new PlanNode(node.GetProperty("Node Type").GetString()!,
            node.TryGetProperty("Index Name", out var index) ? index.GetString() : null, sub);
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(c => Nodes(c, sub)))
            {
                yield return child;
            }
        }
    }

    /// <summary>
    /// 200 threads of 200 messages and 2,000 inbox rows for 100 users, made in SQL (the store
    /// would take minutes), then vacuumed so that the planner knows the sizes and the index-only
    /// paths are open. Returns the statement and its parameters.
    /// </summary>
    private async Task<(string Sql, object[] Values)> FillAsync(string query)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestPostgres.RequireServer()) { SearchPath = _schema }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using (var fill = new NpgsqlCommand("""
            INSERT INTO threads (id, title, created_at, last_seq)
            SELECT gen_random_uuid(), NULL, now() - g * interval '1 minute', 200 FROM generate_series(1, 200) g;
            INSERT INTO thread_users (thread_id, username, position, last_activity)
            SELECT t.id, 'user' || u, u, t.created_at FROM threads t, generate_series(1, 10) u;
            INSERT INTO messages (thread_id, seq, id, username, text, created_at)
            SELECT t.id, s, gen_random_uuid(), 'user1', 'message ' || s, t.created_at FROM threads t, generate_series(1, 200) s;
            """, connection))
        {
            await fill.ExecuteNonQueryAsync(Ct);
        }

        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE threads, thread_users, messages", connection))
        {
            await vacuum.ExecuteNonQueryAsync(Ct);
        }

        Guid thread;
        await using (var any = new NpgsqlCommand("SELECT id FROM threads LIMIT 1", connection))
        {
            thread = (Guid)(await any.ExecuteScalarAsync(Ct))!;
        }

        return query switch
        {
            nameof(PostgresStatements.NewestPage) => (PostgresStatements.NewestPage, [thread, 51]),
            nameof(PostgresStatements.PageBefore) => (PostgresStatements.PageBefore, [thread, 100L, 51]),
            nameof(PostgresStatements.PageAfter) => (PostgresStatements.PageAfter, [thread, 100L, 51]),
            nameof(PostgresStatements.Inbox) => (PostgresStatements.Inbox, ["user3", 21]),
            _ => (PostgresStatements.InboxAfter, ["user3", 21, DateTimeOffset.UtcNow.AddHours(-1), thread]),
        };
    }
}
