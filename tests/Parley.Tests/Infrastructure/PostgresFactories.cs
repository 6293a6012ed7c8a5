namespace Parley.Tests.Infrastructure;

/// <summary>The in-memory server on the PostgreSQL database <paramref name="connectionString"/> names, in any test pass.</summary>
public class PostgresParleyFactory(string connectionString) : ParleyFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Parley:Database:Provider"] = "Postgres",
        ["Parley:Database:ConnectionString"] = connectionString,
    };
}

/// <summary>
/// The server on real Kestrel, on a fresh database of the test PostgreSQL server of its own
/// (dropped on dispose), in any test pass: for tests of what PostgreSQL itself adds.
/// </summary>
public sealed class KestrelPostgresFactory : KestrelParleyFactory
{
    // Made before the base constructor starts the server, which reads Settings.
    private readonly string _database = TestPostgres.CreateDatabase();

    public string DatabaseName => new Npgsql.NpgsqlConnectionStringBuilder(_database).Database!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Parley:Database:Provider"] = "Postgres",
        ["Parley:Database:ConnectionString"] = _database,
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            TestPostgres.DropDatabase(_database);
        }
    }
}
