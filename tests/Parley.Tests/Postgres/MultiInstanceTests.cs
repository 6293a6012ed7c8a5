using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Postgres;

/// <summary>Two server processes, as deployed behind a load balancer, on one fresh PostgreSQL database.</summary>
[RequiresPostgres]
public sealed partial class MultiInstanceTests : IAsyncLifetime
{
    private const int WritersPerInstance = 2;
    private const int MessagesPerWriter = 40;

    private string? _database;
    private readonly List<ServerProcess> _servers = [];

    public Task InitializeAsync()
    {
        _database = TestPostgres.CreateDatabase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
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

    private Dictionary<string, string> Settings => new()
    {
        ["Parley__Database__Provider"] = "Postgres",
        ["Parley__Database__ConnectionString"] = _database!,
        ["Logging__LogLevel__Parley.Storage.Postgres.PostgresStore"] = "Information",
    };

    [Fact]
    public async Task TwoInstancesStartedTogetherMigrateOnceAndStreamEachOthersMessagesInOrder()
    {
        _servers.Add(ServerProcess.Start(Settings));
        _servers.Add(ServerProcess.Start(Settings));
        await Task.WhenAll(_servers.Select(server => server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))));

        // Each script ran in exactly one of them, and is recorded once.
        var scripts = MigrationScripts.For("Postgres").Select(script => script.Version).ToList();
        var applied = _servers.SelectMany(server => AppliedMigration().Matches(server.Output).Select(m => int.Parse(m.Groups[1].Value, null)));
        Assert.Equal(scripts, applied.Order());
        Assert.Equal(scripts, await RecordedVersionsAsync());

        var writers = Enumerable.Range(0, 2 * WritersPerInstance).Select(_ => Names.User("w")).ToArray();
        using var service = _servers[0].CreateClient(ParleyFactory.ServiceKey);
        using var created = await service.PostAsJsonAsync("/v1/threads", new { users = writers });
        var thread = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        using var token = await service.PostAsJsonAsync("/v1/tokens", new { username = writers[0] });
        using var subscriberClient = _servers[1].CreateClient((await token.ReadJsonAsync()).GetProperty("token").GetString()!);
        await using var subscriber = await SseClient.OpenAsync(subscriberClient, $"/v1/threads/{thread}/events");

        var reading = subscriber.ReadSeqsAsync(writers.Length * MessagesPerWriter);
        await Task.WhenAll(writers.Select(async (writer, w) =>
        {
            using var client = _servers[w % 2].CreateClient(ParleyFactory.ServiceKey);
            for (var i = 0; i < MessagesPerWriter; i++)
            {
                await client.SendAsync(thread, $"{writer} {i}", writer);
            }
        }));

        Assert.Equal(Enumerable.Range(1, writers.Length * MessagesPerWriter).Select(i => (long)i),
            await reading.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task MigrateCommandAppliesTheMigrationsAndExitsAndAgainChangesNothing()
    {
        var settings = new Dictionary<string, string>(Settings) { ["Parley__Database__AutoMigrate"] = "false" };
        var first = ServerProcess.Start(settings, "migrate");
        _servers.Add(first);
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var again = ServerProcess.Start(settings, "migrate");
        _servers.Add(again);
        Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var scripts = MigrationScripts.For("Postgres").Select(script => script.Version).ToList();
        Assert.Equal(scripts, AppliedMigration().Matches(first.Output).Select(m => int.Parse(m.Groups[1].Value, null)));
        Assert.Empty(AppliedMigration().Matches(again.Output));
        Assert.Equal(scripts, await RecordedVersionsAsync());
    }

    private async Task<List<int>> RecordedVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
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
