using System.Net;
using Npgsql;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Postgres;

public sealed class AutoMigrateTests
{
    private sealed class NoMigrationFactory(string connectionString) : PostgresParleyFactory(connectionString)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Parley:Database:AutoMigrate"] = "false",
        };
    }

    [Fact]
    public async Task WithAutoMigrateOffTheServerLeavesAnEmptyDatabaseAloneAndIsNotReady()
    {
        var database = TestPostgres.CreateDatabase();
        try
        {
            await using (var factory = new NoMigrationFactory(database))
            {
                using var client = factory.CreateClient();
                using var ready = await client.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var tables = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            Assert.Equal(0L, await tables.ExecuteScalarAsync());
        }
        finally
        {
            TestPostgres.DropDatabase(database);
        }
    }
}
