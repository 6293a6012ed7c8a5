using Npgsql;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Storage;

// A long read (the seed GET) keeps nothing of the database's open while its reader is slow.
public sealed partial class PostgresStoreTests
{
    [Fact]
    public async Task APausedReadOfAllMessagesHoldsNoConnectionOrSnapshot()
    {
        // A store of its own, named so that its sessions can be told from every other test's.
        var name = $"parley-read-{Guid.NewGuid():N}";
        var settings = new NpgsqlConnectionStringBuilder(TestPostgres.RequireServer()) { SearchPath = _schema, ApplicationName = name };
        var store = NewStore(_schema, Time, settings.ConnectionString);
        var thread = await CreateThreadAsync(Alma, Bob);
        // 16 MB: far more than socket buffers hold, so a single query could not have finished
        // sending by the time the reader pauses.
        var text = new string('p', 40_000);
        for (var i = 0; i < 400; i += 20)
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.AppendMessageAsync(NewMessage(thread, Alma, text), key: null, Ct)));
        }

        await using var messages = store.ReadMessagesAfterAsync(thread, 0, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await messages.MoveNextAsync());

        // The reader has its first message and waits, as a slow client does: none of its
        // sessions may be running a statement or holding a snapshot that vacuum must respect.
        await using (var connection = new NpgsqlConnection(TestPostgres.RequireServer()))
        {
            await connection.OpenAsync(Ct);
            await using var busy = new NpgsqlCommand("""
                SELECT count(*) FROM pg_stat_activity
                WHERE application_name = $1 AND (state <> 'idle' OR backend_xmin IS NOT NULL)
                """, connection) { Parameters = { new NpgsqlParameter { Value = name } } };
            Assert.Equal(0L, await busy.ExecuteScalarAsync(Ct));
        }

        var count = 1;
        while (await messages.MoveNextAsync())
        {
            count++;
        }

        Assert.Equal(400, count);
    }
}
