using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Parley.Storage;
using Parley.Storage.Postgres;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Storage;

/// <summary>
/// The store contract on PostgreSQL, in a fresh schema per test, plus what only PostgreSQL
/// can show: several stores (as several server instances would) on one database.
/// </summary>
public sealed partial class PostgresStoreTests : StoreContractTests
{
    private readonly string _schema = $"contract_{Guid.NewGuid():N}";
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly List<PostgresStore> _stores = [];

    private protected override async Task<IParleyStore> CreateStoreAsync(TimeProvider time)
    {
        await ExecuteAsync($"CREATE SCHEMA {_schema}");
        var store = NewStore(_schema, time);
        await store.MigrateAsync(Ct);
        return store;
    }

    private protected override async ValueTask DisposeStoreAsync(IParleyStore store)
    {
        foreach (var each in _stores)
        {
            await each.DisposeAsync();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
    }

    private protected override IParleyStore CreateUnreachableStore(TimeProvider time)
    {
        // A port nothing listens on: every connection attempt is refused.
        var nowhere = new NpgsqlConnectionStringBuilder(TestPostgres.RequireServer()) { Port = Loopback.FreePort() };
        return NewStore(_schema, time, nowhere.ConnectionString);
    }

    private protected override Task DropTableAsync(string table) => ExecuteAsync($"DROP TABLE {_schema}.{table} CASCADE");

    /// <summary>Another store on <paramref name="schema"/>, with a pool of its own, as another server instance has.</summary>
    private PostgresStore NewStore(string schema, TimeProvider? time = null, string? connectionString = null)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString ?? TestPostgres.RequireServer()) { SearchPath = schema };
        var dataSource = PostgresDataSource.Create(settings.ConnectionString);
        _dataSources.Add(dataSource);
        var store = new PostgresStore(dataSource, time ?? Time, NullLogger<PostgresStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.RequireServer());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task AppendsThroughTwoStoresShareOneGaplessSeqPerThread()
    {
        IParleyStore[] stores = [Store, NewStore(_schema)];
        string[] senders = [.. Enumerable.Range(0, 6).Select(i => $"{Alma}-{i}")];
        var thread = await CreateThreadAsync([.. senders, Carol]);

        var perSender = await Task.WhenAll(senders.Select((sender, i) => Task.Run(async () =>
        {
            var seqs = new List<long>();
            for (var n = 0; n < 50; n++)
            {
                var outcome = await stores[i % 2].AppendMessageAsync(NewMessage(thread, sender, $"{sender} {n}"), key: null, Ct);
                seqs.Add(outcome.Message!.Seq);
            }

            return seqs;
        })));

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), perSender.SelectMany(s => s).Order());
        Assert.All(perSender, seqs => Assert.Equal(seqs.Order(), seqs));
        Assert.Equal(300, (await stores[1].GetThreadAsync(thread, member: null, Ct))!.LastSeq);

        // Every member's unread count saw every append, whichever store made it.
        var stored = new List<MessageRecord>();
        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 0, Ct))
        {
            stored.Add(message);
        }

        Assert.Equal(300, await UnreadAsync(thread, Carol));
        foreach (var sender in senders)
        {
            var read = stored.Last(m => m.Username == sender).Seq;
            Assert.Equal(stored.Count(m => m.Seq > read && m.Username != sender), await UnreadAsync(thread, sender));
        }
    }

    [Fact]
    public async Task OneKeyUsedConcurrentlyThroughTwoStoresStoresOneMessage()
    {
        IParleyStore[] stores = [Store, NewStore(_schema)];
        var thread = await CreateThreadAsync(Alma, Bob);
        var key = Key(UserPrincipal(Alma), "send-1", "send hi");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => Task.Run(() => stores[i % 2].AppendMessageAsync(NewMessage(thread, Alma), key, Ct))));

        Assert.Single(outcomes, o => o.Status == WriteStatus.Done);
        Assert.All(outcomes, o => Assert.Equal(1, o.Message!.Seq));
        Assert.Equal(1, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
    }

    [Fact]
    public async Task StoresMigratingAnEmptySchemaTogetherApplyEachVersionOnce()
    {
        var schema = $"migrate_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        try
        {
            var stores = Enumerable.Range(0, 4).Select(_ => NewStore(schema)).ToList();

            await Task.WhenAll(stores.Select(store => Task.Run(() => store.MigrateAsync(Ct))));

            Assert.All(await Task.WhenAll(stores.Select(store => store.IsReadyAsync(Ct))), Assert.True);
            await using var connection = new NpgsqlConnection(TestPostgres.RequireServer());
            await connection.OpenAsync(Ct);
            await using var versions = new NpgsqlCommand($"SELECT version FROM {schema}.schema_version ORDER BY version", connection);
            var recorded = new List<int>();
            await using (var reader = await versions.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    recorded.Add(reader.GetInt32(0));
                }
            }

            Assert.Equal(MigrationScripts.For("Postgres").Select(script => script.Version), recorded);
        }
        finally
        {
            await ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        }
    }

    [Fact]
    public async Task MigrationsRecordTheTimeOfTheStoresClock()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.RequireServer());
        await connection.OpenAsync(Ct);
        await using var applied = new NpgsqlCommand($"SELECT DISTINCT applied_at FROM {_schema}.schema_version", connection);

        Assert.Equal(Time.GetUtcNow().UtcDateTime, (DateTime?)await applied.ExecuteScalarAsync(Ct));
    }
}
