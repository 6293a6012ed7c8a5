using Npgsql;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server that <c>test.sh</c> starts and names in <c>PARLEY_TEST_POSTGRES</c>
/// (a connection string to its <c>postgres</c> database), and throwaway databases on it.
/// Without that variable, a test that asks for the server is reported as skipped, saying why,
/// instead of failing on a missing server.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "PARLEY_TEST_POSTGRES";

    public const string SkipReason = $"needs PostgreSQL: {Variable} is not set (./test.sh starts a server and sets it)";

    /// <summary>Set to <c>Postgres</c> to run every <see cref="ParleyFactory"/> on PostgreSQL.</summary>
    public const string ProviderVariable = "PARLEY_TEST_PROVIDER";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsProviderForApiTests =>
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string to the server; skips the calling test when there is none.</summary>
    public static string RequireServer()
    {
        var server = ServerConnectionString;
        Assert.SkipWhen(server is null, SkipReason);
        return server;
    }

    /// <summary>A new, empty database; the connection string to it.</summary>
    public static string CreateDatabase()
    {
        var name = $"parley_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(RequireServer()))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(RequireServer()) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing whatever still uses it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(RequireServer());
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
