using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Postgres;

/// <summary>Two server processes, as deployed behind a load balancer, on one fresh PostgreSQL database.</summary>
public sealed partial class MultiInstanceTests : IAsyncLifetime
{
    private const int WritersPerInstance = 2;
    private const int MessagesPerWriter = 40;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly List<ServerUnderTest> _servers = [];
    private string? _database;

    private string Database => _database ?? throw new InvalidOperationException("The database is not created yet.");

    public ValueTask InitializeAsync()
    {
        _database = TestPostgres.CreateDatabase();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_database is not null)
        {
            TestPostgres.DropDatabase(_database);
        }
    }

    /// <summary>A server on the shared database that logs each migration it applies.</summary>
    private ServerUnderTest NewServer(bool autoMigrate = true)
    {
        var server = new ServerUnderTest(ServerStore.SharedPostgres(Database), new Dictionary<string, string?>
        {
            ["Parley:Database:AutoMigrate"] = autoMigrate ? "true" : "false",
            ["Logging:Console:LogLevel:Parley.Storage"] = "Information",
        });
        _servers.Add(server);
        return server;
    }

    [Fact]
    public async Task TwoInstancesStartedTogetherMigrateOnceAndStreamEachOthersMessagesInOrder()
    {
        NewServer();
        NewServer();
        await Task.WhenAll(_servers.Select(server => server.StartAsync()));

        // Each script ran in exactly one of them, and is recorded once.
        var scripts = MigrationScripts.For("Postgres").Select(script => script.Version).ToList();
        Assert.Equal(scripts, _servers.SelectMany(AppliedMigrations).Order());
        Assert.Equal(scripts, await RecordedVersionsAsync());

        var writers = Enumerable.Range(0, 2 * WritersPerInstance).Select(_ => Names.User("w")).ToArray();
        using var service = _servers[0].CreateClient();
        using var created = await service.PostAsJsonAsync("/v1/threads", new { users = writers });
        var thread = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        using var token = await service.PostAsJsonAsync("/v1/tokens", new { username = writers[0] });
        using var subscriberClient = _servers[1].CreateClient((await token.ReadJsonAsync()).GetProperty("token").GetString()!);
        await using var subscriber = await SseClient.OpenAsync(subscriberClient, $"/v1/threads/{thread}/events");

        var reading = subscriber.ReadSeqsAsync(writers.Length * MessagesPerWriter);
        await Task.WhenAll(writers.Select(async (writer, w) =>
        {
            using var client = _servers[w % 2].CreateClient();
            for (var i = 0; i < MessagesPerWriter; i++)
            {
                await client.SendAsync(thread, $"{writer} {i}", writer);
            }
        }));

        Assert.Equal(Enumerable.Range(1, writers.Length * MessagesPerWriter).Select(i => (long)i),
            await reading.WaitAsync(Bound));
    }

    [Fact]
    public async Task MigrateCommandAppliesTheMigrationsAndExitsAndAgainChangesNothing()
    {
        var first = NewServer(autoMigrate: false);
        Assert.Equal(0, await first.RunCommandAsync("migrate", Bound));
        var again = NewServer(autoMigrate: false);
        Assert.Equal(0, await again.RunCommandAsync("migrate", Bound));

        var scripts = MigrationScripts.For("Postgres").Select(script => script.Version).ToList();
        Assert.Equal(scripts, AppliedMigrations(first));
        Assert.Empty(AppliedMigrations(again));
        Assert.Equal(scripts, await RecordedVersionsAsync());
    }

    private static IEnumerable<int> AppliedMigrations(ServerUnderTest server) =>
        server.Output.Select(line => AppliedMigration().Match(line)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private async Task<List<int>> RecordedVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT version FROM schema_version ORDER BY version", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    [GeneratedRegex(@"Applied database migration (\d+)")]
    private static partial Regex AppliedMigration();
}
