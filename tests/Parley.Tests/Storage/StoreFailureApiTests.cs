using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Storage;

/// <summary>
/// The store's failure model as a client sees it: an outage is 503 with Retry-After, a bug in
/// or under the store is 500 and logged once, on each store.
/// </summary>
public abstract class StoreFailureApiTests
{
    /// <summary>The server with every log line kept, on SQLite or on a fresh PostgreSQL database of its own.</summary>
    private protected sealed class LoggedFactory(string? postgres, IReadOnlyDictionary<string, string?>? settings = null) : ParleyFactory
    {
        public LogCollector Logs { get; } = new();

        /// <summary>The PostgreSQL database the server runs on; null on SQLite.</summary>
        public string? Postgres => postgres ?? PostgresDatabase;

        protected override IReadOnlyDictionary<string, string?> Settings
        {
            get
            {
                var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
                if (postgres is not null)
                {
                    all["Parley:Database:Provider"] = "Postgres";
                    all["Parley:Database:ConnectionString"] = postgres;
                }

                return all;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && postgres is not null)
            {
                TestPostgres.DropDatabase(postgres);
            }
        }
    }

    /// <summary>A server on this class's store.</summary>
    private protected abstract LoggedFactory CreateFactory();

    [Fact]
    public async Task AStoreBugIsAnUnexpectedErrorNotAnOutageAndIsLoggedOnce()
    {
        await using var factory = CreateFactory();
        using var service = factory.CreateServiceClient();
        var alma = Names.User("alma");
        var thread = await service.CreateThreadAsync(alma, Names.User("bob"));
        await DropMessagesTableAsync(factory);

        using (var read = await service.GetAsync($"/v1/threads/{thread}/messages"))
        {
            await read.AssertProblemAsync(HttpStatusCode.InternalServerError);
            Assert.Null(read.Headers.RetryAfter);
        }

        Assert.Single(factory.Logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal));

        using var send = await service.PostAsJsonAsync($"/v1/threads/{thread}/messages", new { text = "hi", username = alma });
        await send.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Null(send.Headers.RetryAfter);
    }

    private static async Task DropMessagesTableAsync(LoggedFactory factory)
    {
        if (factory.Postgres is { } postgres)
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP TABLE messages CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
            return;
        }

        await using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "parley.db")};Pooling=false"))
        {
            await sqlite.OpenAsync();
            await using var drop = sqlite.CreateCommand();
            drop.CommandText = "DROP TABLE messages";
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>The failure model through the API on the store the test pass runs (SQLite by default).</summary>
public sealed class SqliteStoreFailureApiTests : StoreFailureApiTests
{
    private protected override LoggedFactory CreateFactory() => new(postgres: null);

    [Fact]
    public async Task ADatabaseFileThatCannotBeOpenedAnswers503WithRetryAfterAndIsNotReady()
    {
        // A directory where the database file should be; the schema is not applied at start-up,
        // so the server starts and meets the outage on each request instead.
        var root = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
        var inTheWay = Path.Combine(root, "parley.db");
        Directory.CreateDirectory(inTheWay);
        try
        {
            await using var factory = new LoggedFactory(postgres: null, new Dictionary<string, string?>
            {
                ["Parley:Database:Provider"] = "Sqlite",
                ["Parley:Database:ConnectionString"] = $"Data Source={inTheWay}",
                ["Parley:Database:AutoMigrate"] = "false",
            });
            using var service = factory.CreateServiceClient();

            using (var create = await service.PostAsJsonAsync("/v1/threads", new { users = new[] { Names.User("alma"), Names.User("bob") } }))
            {
                await AssertUnavailableAsync(create);
            }

            using (var read = await service.GetAsync($"/v1/threads/{Guid.CreateVersion7()}/messages"))
            {
                await AssertUnavailableAsync(read);
            }

            using var ready = await service.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }
}

/// <summary>The failure model through the API on a PostgreSQL database of the test's own, in every test pass.</summary>
public sealed class PostgresStoreFailureApiTests : StoreFailureApiTests
{
    private protected override LoggedFactory CreateFactory() => new(TestPostgres.CreateDatabase());
}
