namespace Parley.Tests.Infrastructure;

/// <summary>
/// The database a server process runs on. Out-of-process tests take one as a parameter, so the
/// same crash, shutdown and overload tests run on each provider: a provider supplies only the
/// settings that point a server at a fresh database of its own, and removes that database afterwards.
/// </summary>
public abstract class ServerStore
{
    private const string ConnectionStringKey = "Parley:Database:ConnectionString";

    public static readonly ServerStore Sqlite = new SqliteServerStore();

    /// <summary>A fresh database on the PostgreSQL server <c>test.sh</c> starts; the test is skipped without one.</summary>
    public static readonly ServerStore Postgres = new PostgresServerStore();

    /// <summary>The PostgreSQL database <paramref name="connectionString"/> names, shared by several servers and dropped by its owner.</summary>
    public static ServerStore SharedPostgres(string connectionString) => new SharedPostgresServerStore(connectionString);

    public abstract string Name { get; }

    /// <summary>Settings for a new server whose data directory is <paramref name="dataDirectory"/>.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings(string dataDirectory);

    /// <summary>Removes what <see cref="Settings"/> made, once the server has stopped for good.</summary>
    public virtual void Release(IReadOnlyDictionary<string, string?> settings)
    {
    }

    public override string ToString() => Name;

    private sealed class SqliteServerStore : ServerStore
    {
        public override string Name => "sqlite";

        // The database file lives in the data directory, so a restart on the same directory reopens
        // it, and deleting the directory removes it.
        public override IReadOnlyDictionary<string, string?> Settings(string dataDirectory) =>
            new Dictionary<string, string?> { ["Parley:Database:Provider"] = "Sqlite" };
    }

    private static Dictionary<string, string?> PostgresSettings(string connectionString) => new()
    {
        ["Parley:Database:Provider"] = "Postgres",
        [ConnectionStringKey] = connectionString,
    };

    private sealed class PostgresServerStore : ServerStore
    {

        public override string Name => "postgres";

        // One database per server, kept across its restarts (a restart passes the same settings).
        public override IReadOnlyDictionary<string, string?> Settings(string dataDirectory) =>
            PostgresSettings(TestPostgres.CreateDatabase());

        public override void Release(IReadOnlyDictionary<string, string?> settings)
        {
            if (settings.TryGetValue(ConnectionStringKey, out var connectionString) && connectionString is not null)
            {
                TestPostgres.DropDatabase(connectionString);
            }
        }
    }

    private sealed class SharedPostgresServerStore(string connectionString) : ServerStore
    {
        public override string Name => "postgres";

        public override IReadOnlyDictionary<string, string?> Settings(string dataDirectory) => PostgresSettings(connectionString);
    }
}
